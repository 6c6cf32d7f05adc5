namespace Bosun.E2E.Infrastructure;

/// <summary>YAML documents the tests create, and a place to write them as files for `kubectl create -f FILE`.</summary>
public static class Manifests
{
    /// <summary>Writes <paramref name="yaml"/> to a fresh file in the server's data dir and returns its path.</summary>
    public static string Write(BosunServer server, string yaml)
    {
        var path = Path.Combine(server.DataDir, "manifests", Guid.NewGuid().ToString("N") + ".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    public static string Namespace(string name) => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {name}
        """;

    /// <summary>A ConfigMap, a Deployment and a Service, all labelled app=APP, in one multi-document file.</summary>
    public static string WebApp(string app) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {app}-config
          labels:
            app: {app}
            tier: config
        data:
          greeting: hello
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {app}
          labels:
            app: {app}
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: {app}
          template:
            metadata:
              labels:
                app: {app}
            spec:
              containers:
              - name: web
                image: busybox:1.36
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: {app}
          labels:
            app: {app}
        spec:
          selector:
            app: {app}
          ports:
          - port: 80
            targetPort: 8080
        """;

    public static string ConfigMap(string name, string ns = "default", string data = "k: v") => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          namespace: {ns}
        data:
          {data}
        """;
}
