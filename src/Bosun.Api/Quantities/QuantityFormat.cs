namespace Bosun.Api.Quantities;

/// <summary>How a quantity was written, which decides how its canonical form is written (Kubernetes' <c>resource.Format</c>).</summary>
public enum QuantityFormat
{
    /// <summary>Powers of ten with SI suffixes (<c>m</c>, <c>k</c>, <c>M</c>...) or none.</summary>
    DecimalSI,

    /// <summary>Powers of 1024 (<c>Ki</c>, <c>Mi</c>, <c>Gi</c>...).</summary>
    BinarySI,

    /// <summary>An <c>e</c>/<c>E</c> exponent (<c>1e3</c>).</summary>
    DecimalExponent,
}
