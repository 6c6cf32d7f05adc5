namespace Bosun.Api.Strategies;

/// <summary>A bad value already rendered the way Go's <c>%#v</c> prints it (structs, maps), shown as is in an error.</summary>
internal sealed record GoValue(string Text)
{
    public override string ToString() => Text;
}
