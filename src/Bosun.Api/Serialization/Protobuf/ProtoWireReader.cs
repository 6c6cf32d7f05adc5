namespace Bosun.Api.Serialization.Protobuf;

/// <summary>Reads protobuf wire-format records from a span; malformed input is a <see cref="FormatException"/>.</summary>
internal ref struct ProtoWireReader
{
    /// <summary>Varint wire type.</summary>
    public const int Varint = 0;

    /// <summary>Fixed 64-bit wire type.</summary>
    public const int Fixed64 = 1;

    /// <summary>Length-delimited wire type.</summary>
    public const int LengthDelimited = 2;

    /// <summary>Fixed 32-bit wire type.</summary>
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ProtoWireReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>True when every byte has been read.</summary>
    public readonly bool End => _position >= _data.Length;

    /// <summary>Reads a field tag: the field number and the wire type.</summary>
    public (int Number, int WireType) ReadTag()
    {
        var at = _position;
        var tag = ReadVarint();
        var number = tag >> 3;
        if (number is 0 or > 536870911)
        {
            throw new FormatException($"invalid protobuf field number {number} at byte {at}");
        }

        return ((int)number, (int)(tag & 7));
    }

    /// <summary>Reads a base-128 varint of at most ten bytes.</summary>
    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new FormatException($"truncated protobuf varint at byte {_position}");
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new FormatException($"protobuf varint longer than ten bytes at byte {_position}");
    }

    /// <summary>Reads the payload of a length-delimited field.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var at = _position;
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new FormatException($"protobuf length {length} at byte {at} runs past the end of the data");
        }

        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Skips the value of a field of an unknown number.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Advance(8);
                break;
            case LengthDelimited:
                ReadLengthDelimited();
                break;
            case Fixed32:
                Advance(4);
                break;
            default:
                throw new FormatException($"unsupported protobuf wire type {wireType} at byte {_position}");
        }
    }

    private void Advance(int count)
    {
        if (_data.Length - _position < count)
        {
            throw new FormatException($"truncated protobuf fixed-width value at byte {_position}");
        }

        _position += count;
    }
}
