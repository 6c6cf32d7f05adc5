using Bosun.Controllers.Disruption;
using k8s.Models;

namespace Bosun.Controllers.Tests.Disruption;

public class DisruptionBudgetMathTests
{
    [Fact]
    public void Desired_IntegerMinAvailable_CountsTheSelectedPods()
    {
        var spec = new V1PodDisruptionBudgetSpec { MinAvailable = 2 };
        Assert.False(DisruptionBudgetMath.NeedsControllerScale(spec));
        Assert.Equal((5, 2), DisruptionBudgetMath.Desired(spec, 5, 0));
    }

    [Fact]
    public void Desired_PercentMinAvailable_RoundsUpAgainstTheControllersReplicas()
    {
        var spec = new V1PodDisruptionBudgetSpec { MinAvailable = "50%" };
        Assert.True(DisruptionBudgetMath.NeedsControllerScale(spec));
        Assert.Equal((5, 3), DisruptionBudgetMath.Desired(spec, 4, 5));
    }

    [Theory]
    [InlineData("1", 6, 5)]
    [InlineData("25%", 6, 4)]
    [InlineData("100%", 6, 0)]
    public void Desired_MaxUnavailable_LeavesTheRest(string maxUnavailable, int replicas, int desired)
    {
        var spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = maxUnavailable.EndsWith('%') ? maxUnavailable : int.Parse(maxUnavailable, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal((replicas, desired), DisruptionBudgetMath.Desired(spec, replicas, replicas));
    }

    [Theory]
    [InlineData(3, 2, 3, 1)]
    [InlineData(2, 2, 3, 0)]
    [InlineData(1, 2, 3, 0)]
    [InlineData(3, 0, 0, 0)]
    public void Allowed_HealthyAboveDesired_NeverNegative(int healthy, int desired, int expected, int allowed) =>
        Assert.Equal(allowed, DisruptionBudgetMath.Allowed(healthy, desired, expected));

    [Fact]
    public void Desired_NeitherField_ExpectsNothingSoAllowsNothing()
    {
        var (expected, desired) = DisruptionBudgetMath.Desired(new V1PodDisruptionBudgetSpec(), 4, 0);
        Assert.Equal((0, 0), (expected, desired));
        Assert.Equal(0, DisruptionBudgetMath.Allowed(4, desired, expected));
    }
}
