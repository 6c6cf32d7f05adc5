"""Drives a Bosun server with the official Python client (Debian's python3-kubernetes).

Usage: python3 python_client.py KUBECONFIG NAMESPACE

Each step prints "ok <step>: <detail>"; the first failing step prints "FAIL <step>" with the reason and
the script exits 1. Everything goes through the client's typed API, so the server's responses are also
checked against the client's models (a missing required field fails deserialization).
"""

import sys
import threading
import time
import traceback

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException


def main(kubeconfig, ns):
    # The kubeconfig carries the cluster CA and the admin client certificate; the client verifies the
    # server certificate (and its IP SAN, the server being https://127.0.0.1:PORT) against that CA.
    config.load_kube_config(config_file=kubeconfig)
    core = client.CoreV1Api()
    apps = client.AppsV1Api()
    labels = {"app": "py-demo"}

    def create_namespace():
        created = core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
        expect(created.metadata.name == ns, f"created namespace is named {created.metadata.name}")
        expect(created.metadata.uid, "created namespace has no uid")
        return f"namespace {ns} uid {created.metadata.uid}"

    def create_config_maps():
        for name, lbl in (("settings", labels), ("other", {"app": "unrelated"})):
            body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels=lbl), data={"mode": "demo"})
            created = core.create_namespaced_config_map(ns, body)
            expect(created.data == {"mode": "demo"}, f"config map {name} data is {created.data}")
        return "configmaps settings (app=py-demo) and other (app=unrelated)"

    def create_deployment():
        body = client.V1Deployment(
            metadata=client.V1ObjectMeta(name="web", labels=labels),
            spec=client.V1DeploymentSpec(
                replicas=1,
                selector=client.V1LabelSelector(match_labels=labels),
                template=client.V1PodTemplateSpec(
                    metadata=client.V1ObjectMeta(labels=labels),
                    spec=client.V1PodSpec(containers=[client.V1Container(
                        name="web",
                        image="busybox:1.36",
                        command=["sleep", "3600"],
                        ports=[client.V1ContainerPort(container_port=8080, name="http")],
                        env=[client.V1EnvVar(name="MODE", value="demo")])]))))
        created = apps.create_namespaced_deployment(ns, body)
        state["deployment"] = created
        expect(created.spec.replicas == 1, f"replicas {created.spec.replicas}")
        # Defaults the server fills in, as kube-apiserver does for apps/v1 Deployments.
        expect(created.spec.strategy is not None and created.spec.strategy.type == "RollingUpdate",
               f"strategy {created.spec.strategy}")
        expect(created.spec.template.spec.containers[0].image_pull_policy == "IfNotPresent",
               f"imagePullPolicy {created.spec.template.spec.containers[0].image_pull_policy}")
        expect(created.metadata.creation_timestamp is not None, "no creationTimestamp")
        return f"deployment web rv {created.metadata.resource_version}, created {created.metadata.creation_timestamp.isoformat()}"

    def list_with_selector():
        config_maps = core.list_namespaced_config_map(ns, label_selector="app=py-demo")
        names = sorted(cm.metadata.name for cm in config_maps.items)
        expect(names == ["settings"], f"configmaps with app=py-demo: {names}")
        expect(config_maps.metadata.resource_version, "list has no resourceVersion")
        deployments = apps.list_namespaced_deployment(ns, label_selector="app in (py-demo),app!=other")
        expect([d.metadata.name for d in deployments.items] == ["web"],
               f"deployments: {[d.metadata.name for d in deployments.items]}")
        everything = core.list_namespaced_config_map(ns)
        expect({"settings", "other"} <= {cm.metadata.name for cm in everything.items},
               f"all configmaps: {[cm.metadata.name for cm in everything.items]}")
        return f"app=py-demo -> {names}; set-based selector -> deployment web"

    def strategic_merge_patch():
        # A dict body goes out as application/strategic-merge-patch+json: the container list merges by
        # name, so the env and ports the patch does not mention stay.
        patch = {
            "metadata": {"labels": {"patched": "yes"}},
            "spec": {"replicas": 2,
                     "template": {"spec": {"containers": [{"name": "web", "image": "busybox:1.37"}]}}},
        }
        patched = apps.patch_namespaced_deployment("web", ns, patch)
        container = patched.spec.template.spec.containers[0]
        expect(patched.spec.replicas == 2, f"replicas {patched.spec.replicas}")
        expect(patched.metadata.labels == {"app": "py-demo", "patched": "yes"}, f"labels {patched.metadata.labels}")
        expect(len(patched.spec.template.spec.containers) == 1, "containers were not merged by name")
        expect(container.image == "busybox:1.37", f"image {container.image}")
        expect(container.env is not None and container.env[0].value == "demo", f"env {container.env}")
        expect(container.ports is not None and container.ports[0].container_port == 8080, f"ports {container.ports}")
        old = state["deployment"].metadata.resource_version
        expect(patched.metadata.resource_version != old, "resourceVersion did not change")
        return f"replicas 2, image busybox:1.37, env and ports kept, rv {old} -> {patched.metadata.resource_version}"

    def replace_stale():
        stale = state["deployment"]
        stale.spec.replicas = 5
        try:
            apps.replace_namespaced_deployment("web", ns, stale)
        except ApiException as e:
            expect(e.status == 409, f"status {e.status}: {e.body}")
            expect('"reason":"Conflict"' in e.body.replace(" ", ""), f"body {e.body}")
            return f"409 Conflict: {status_message(e)}"
        raise Failure("replace with a stale resourceVersion succeeded")

    def get_missing():
        try:
            core.read_namespaced_config_map("does-not-exist", ns)
        except ApiException as e:
            expect(e.status == 404, f"status {e.status}: {e.body}")
            expect('"reason":"NotFound"' in e.body.replace(" ", ""), f"body {e.body}")
            return f"404 NotFound: {status_message(e)}"
        raise Failure("reading a missing config map succeeded")

    def watch_config_maps():
        start = core.list_namespaced_config_map(ns).metadata.resource_version
        events = []
        failure = []
        w = watch.Watch()

        def run():
            try:
                for event in w.stream(core.list_namespaced_config_map, ns, resource_version=start,
                                      timeout_seconds=20, _request_timeout=30):
                    obj = event["object"]
                    events.append((event["type"], obj.metadata.name, (obj.data or {}).get("step")))
                    if event["type"] == "DELETED" and obj.metadata.name == "watched":
                        w.stop()
            except Exception as e:  # reported by the main thread
                failure.append(repr(e))

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        time.sleep(0.5)
        meta = client.V1ObjectMeta(name="watched")
        core.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=meta, data={"step": "1"}))
        core.patch_namespaced_config_map("watched", ns, {"data": {"step": "2"}})
        core.delete_namespaced_config_map("watched", ns)
        thread.join(30)
        expect(not thread.is_alive(), f"no DELETED event within 30 s; events so far {events}")
        expect(not failure, f"watch failed: {failure}")
        mine = [e for e in events if e[1] == "watched"]
        expect(mine == [("ADDED", "watched", "1"), ("MODIFIED", "watched", "2"), ("DELETED", "watched", "2")],
               f"events {events}")
        return " ".join(f"{t}({s})" for t, _, s in mine)

    def watch_timeout():
        # A watch with nothing to report ends when the server closes it after timeoutSeconds.
        rv = core.list_namespaced_config_map(ns).metadata.resource_version
        began = time.monotonic()
        events = list(watch.Watch().stream(core.list_namespaced_config_map, ns, resource_version=rv,
                                           timeout_seconds=2, _request_timeout=15))
        elapsed = time.monotonic() - began
        expect(events == [], f"unexpected events {events}")
        expect(1.5 <= elapsed < 10, f"watch ended after {elapsed:.1f} s")
        return f"ended by the server after {elapsed:.1f} s"

    def delete():
        apps.delete_namespaced_deployment("web", ns)
        for name in ("settings", "other"):
            core.delete_namespaced_config_map(name, ns)
        left = core.list_namespaced_config_map(ns, label_selector="app")
        expect(left.items == [], f"configmaps left: {[cm.metadata.name for cm in left.items]}")
        try:
            apps.read_namespaced_deployment("web", ns)
            raise Failure("deployment still readable after delete")
        except ApiException as e:
            expect(e.status == 404, f"read after delete: {e.status}")
        core.delete_namespace(ns)
        return "deployment, configmaps and namespace deleted"

    state = {}
    steps = [
        ("create namespace", create_namespace),
        ("create configmaps", create_config_maps),
        ("create deployment", create_deployment),
        ("list with label selector", list_with_selector),
        ("strategic merge patch", strategic_merge_patch),
        ("replace with stale resourceVersion", replace_stale),
        ("get missing object", get_missing),
        ("watch configmaps", watch_config_maps),
        ("watch timeout", watch_timeout),
        ("delete", delete),
    ]
    for name, step in steps:
        try:
            detail = step()
        except Exception:
            print(f"FAIL {name}:", flush=True)
            traceback.print_exc(file=sys.stdout)
            return 1
        print(f"ok {name}: {detail}", flush=True)
    print(f"all {len(steps)} steps passed (kubernetes python client {client.__version__ if hasattr(client, '__version__') else '?'})")
    return 0


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


def status_message(e):
    import json
    try:
        return json.loads(e.body).get("message", "")
    except ValueError:
        return e.body


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
