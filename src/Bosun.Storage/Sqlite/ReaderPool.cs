namespace Bosun.Storage.Sqlite;

/// <summary>
/// Read connections shared by concurrent readers. WAL lets them read in parallel with each other and with
/// the writer; a reader that finds no idle connection opens one, and at most <c>idle</c> are kept.
/// </summary>
internal sealed class ReaderPool : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Stack<ReaderConnection> _idle = new();
    private readonly string _connectionString;
    private readonly TimeSpan _busyTimeout;
    private readonly int _maxIdle;
    private bool _disposed;

    public ReaderPool(string connectionString, TimeSpan busyTimeout, int maxIdle)
    {
        _connectionString = connectionString;
        _busyTimeout = busyTimeout;
        _maxIdle = Math.Max(1, maxIdle);
    }

    public ReaderConnection Rent()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out var connection))
                return connection;
        }

        return new ReaderConnection(_connectionString, _busyTimeout);
    }

    public void Return(ReaderConnection connection)
    {
        lock (_lock)
        {
            if (!_disposed && _idle.Count < _maxIdle)
            {
                _idle.Push(connection);
                return;
            }
        }

        connection.Dispose();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            while (_idle.TryPop(out var connection))
                connection.Dispose();
        }
    }
}
