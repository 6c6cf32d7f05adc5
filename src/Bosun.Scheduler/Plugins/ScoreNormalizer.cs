namespace Bosun.Scheduler.Plugins;

/// <summary>Upstream's DefaultNormalizeScore: scale so the highest raw score becomes 100 (or, reversed, 0).</summary>
internal static class ScoreNormalizer
{
    public const long MaxNodeScore = 100;

    public static void Default(long[] scores, bool reverse)
    {
        long max = 0;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }

        if (max == 0)
        {
            if (reverse)
            {
                Array.Fill(scores, MaxNodeScore);
            }

            return;
        }

        for (var i = 0; i < scores.Length; i++)
        {
            var s = MaxNodeScore * scores[i] / max;
            scores[i] = reverse ? MaxNodeScore - s : s;
        }
    }
}
