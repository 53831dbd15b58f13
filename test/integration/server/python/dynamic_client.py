"""The Kubernetes Python client's DynamicClient against the server: discover, create, list,
strategic merge patch, watch (it sends watch=True), delete, delete_collection. Prints one JSON
object of what it saw; python-client.test.ts checks it."""
import json
import sys

from kubernetes import client, dynamic
from kubernetes.client import api_client

NS = "py"


def stream(name):
    return {
        "apiVersion": "image.openshift.io/v1",
        "kind": "ImageStream",
        "metadata": {"name": name, "labels": {"team": "py"}},
        "spec": {
            "tags": [
                {"name": "a", "from": {"kind": "DockerImage", "name": "registry.example.com/a:1"}},
                {"name": "b", "from": {"kind": "DockerImage", "name": "registry.example.com/b:1"}},
            ]
        },
    }


def main(url):
    cfg = client.Configuration()
    cfg.host = url
    dc = dynamic.DynamicClient(api_client.ApiClient(configuration=cfg))
    streams = dc.resources.get(api_version="image.openshift.io/v1", kind="ImageStream")
    out = {"discovered": [streams.name, streams.kind, streams.namespaced]}
    out["created"] = [streams.create(body=stream(n), namespace=NS).metadata.name for n in ("one", "two")]
    out["listed"] = sorted(i.metadata.name for i in streams.get(namespace=NS).items)
    patched = streams.patch(
        name="one",
        namespace=NS,
        body={"spec": {"tags": [{"name": "a", "annotations": {"k": "v"}}]}},
        content_type="application/strategic-merge-patch+json",
    )
    out["patched"] = [[t.name, (t.annotations or {}).get("k"), t["from"].name] for t in patched.spec.tags]
    events = []
    for event in dc.watch(streams, namespace=NS, timeout=5):
        events.append([event["type"], event["object"].metadata.name])
        if len(events) == 2:
            break
    out["watched"] = sorted(events)
    out["deleted"] = streams.delete(name="two", namespace=NS).metadata.name
    streams.create(body=stream("three"), namespace=NS)
    gone = streams.delete(namespace=NS, label_selector="team=py")
    out["deleted_collection"] = [gone.kind, sorted(i.metadata.name for i in gone.items)]
    out["left"] = [i.metadata.name for i in streams.get(namespace=NS).items]
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
