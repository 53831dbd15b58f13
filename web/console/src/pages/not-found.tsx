import { pages } from '../api/paths.js';

export function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        The console has no page here. Go to the <a href={pages.overview()}>overview</a>.
      </p>
    </>
  );
}
