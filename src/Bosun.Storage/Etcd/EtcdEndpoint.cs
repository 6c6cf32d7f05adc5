using Bosun.Storage.Etcd.Protos;
using Grpc.Net.Client;

namespace Bosun.Storage.Etcd;

/// <summary>One etcd member: its own gRPC channel (one HTTP/2 connection) and the clients on it.</summary>
internal sealed class EtcdEndpoint(Uri address, GrpcChannel channel) : IDisposable
{
    public Uri Address { get; } = address;

    public KV.KVClient Kv { get; } = new(channel);

    public Watch.WatchClient Watch { get; } = new(channel);

    public Maintenance.MaintenanceClient Maintenance { get; } = new(channel);

    public void Dispose() => channel.Dispose();
}
