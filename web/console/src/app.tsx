/** The console: a header, the page of the URL, and the sign-in page whenever the API answers 401. */
import { useEffect, useState } from 'preact/hooks';
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { onUnauthorized } from './api/client.js';
import { pages } from './api/paths.js';
import { getToken, setToken } from './api/token.js';
import { BuildDetail } from './pages/build-detail.js';
import { Builds } from './pages/builds.js';
import { Events } from './pages/events.js';
import { ImagePage } from './pages/image-page.js';
import { NotFound } from './pages/not-found.js';
import { Overview } from './pages/overview.js';
import { RolloutDetail } from './pages/rollout-detail.js';
import { Rollouts } from './pages/rollouts.js';
import { SignIn } from './pages/sign-in.js';
import { StreamDetail } from './pages/stream-detail.js';
import { StreamList } from './pages/stream-list.js';

function namespaceOf(path: string): string | undefined {
  const m = /^\/console\/ns\/([^/]+)/.exec(path);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

function Header() {
  const location = useLocation();
  const [token, setCurrent] = useState(getToken());
  useEffect(() => {
    const update = () => setCurrent(getToken());
    window.addEventListener('imagestreams-auth', update);
    return () => window.removeEventListener('imagestreams-auth', update);
  }, []);
  useEffect(
    () =>
      onUnauthorized(() => {
        if (!location.path.startsWith('/console/sign-in')) location.route(pages.signIn(location.url), true);
      }),
    [location.url],
  );
  const ns = namespaceOf(location.path);
  const current = (href: string) => (location.path === href ? 'page' : undefined);
  return (
    <header class="top">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <a class="brand" href={pages.overview()}>
        imagestreams
      </a>
      <nav aria-label="Main">
        <a href={pages.overview()} aria-current={current(pages.overview())}>
          Overview
        </a>
        {ns ? (
          <>
            <a href={pages.streams(ns)} aria-current={current(pages.streams(ns))}>
              Image streams
            </a>
            <a href={pages.rollouts(ns)} aria-current={current(pages.rollouts(ns))}>
              Rollouts
            </a>
            <a href={pages.builds(ns)} aria-current={current(pages.builds(ns))}>
              Builds
            </a>
            <a href={pages.events(ns)} aria-current={current(pages.events(ns))}>
              Events
            </a>
          </>
        ) : null}
      </nav>
      {token ? (
        <button
          type="button"
          class="sign-out"
          onClick={() => {
            setToken(undefined);
            location.route(pages.signIn(), true);
          }}
        >
          Sign out
        </button>
      ) : null}
    </header>
  );
}

export function App() {
  return (
    <LocationProvider scope="/console/">
      <Header />
      <main id="main" tabIndex={-1}>
        <Router>
          <Route path="/console/" component={Overview} />
          <Route path="/console/sign-in" component={SignIn} />
          <Route path="/console/ns/:ns/imagestreams" component={StreamList} />
          <Route path="/console/ns/:ns/imagestreams/:name" component={StreamDetail} />
          <Route path="/console/ns/:ns/rollouts" component={Rollouts} />
          <Route path="/console/ns/:ns/rollouts/:name" component={RolloutDetail} />
          <Route path="/console/ns/:ns/builds" component={Builds} />
          <Route path="/console/ns/:ns/builds/:name" component={BuildDetail} />
          <Route path="/console/ns/:ns/events" component={Events} />
          <Route path="/console/images/:digest" component={ImagePage} />
          <Route default component={NotFound} />
        </Router>
      </main>
    </LocationProvider>
  );
}
