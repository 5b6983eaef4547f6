using QwenHelp.Infrastructure.Search;
using QwenHelp.Infrastructure.Search.Evaluation;

namespace QwenHelp.Tests.Unit.Retrieval;

public class ConfidenceTests
{
    [Fact]
    public void GrowsWithEveryPieceOfEvidenceUnderTheShippedSettings()
    {
        var settings = new ConfidenceOptions();
        var weak = new ConfidenceFeatures(0.2, 0.2, false, 0);

        Assert.InRange(ConfidenceModel.Confidence(weak, settings), 0, 0.5);
        Assert.True(ConfidenceModel.Confidence(weak with { Coverage = 1 }, settings) > ConfidenceModel.Confidence(weak, settings));
        Assert.True(ConfidenceModel.Confidence(weak with { Similarity = 0.9 }, settings) > ConfidenceModel.Confidence(weak, settings));
        Assert.True(ConfidenceModel.Confidence(weak with { Agreement = true }, settings) > ConfidenceModel.Confidence(weak, settings));
        Assert.True(ConfidenceModel.Confidence(weak with { Margin = 0.3 }, settings) > ConfidenceModel.Confidence(weak, settings));
        Assert.InRange(ConfidenceModel.Confidence(new ConfidenceFeatures(1, 0.9, true, 0.3), settings), new RetrievalOptions().ConfidentFaqThreshold, 1);
    }

    [Fact]
    public void CalibrationLearnsHowOftenEachLevelOfEvidenceIsRight()
    {
        // Agreement is right 90% of the time, disagreement 30%: a calibrated model says so.
        var random = new Random(3);
        var samples = Enumerable.Range(0, 2000).Select(i =>
        {
            var agree = i % 2 == 0;
            return (new ConfidenceFeatures(0.5, 0.5, agree, 0), random.NextDouble() < (agree ? 0.9 : 0.3));
        }).ToList();

        var fitted = ConfidenceCalibration.Fit(samples);

        Assert.Equal(0.9, ConfidenceModel.Confidence(new ConfidenceFeatures(0.5, 0.5, true, 0), fitted), 1);
        Assert.Equal(0.3, ConfidenceModel.Confidence(new ConfidenceFeatures(0.5, 0.5, false, 0), fitted), 1);
        var predictions = samples.Select(s => (ConfidenceModel.Confidence(s.Item1, fitted), s.Item2)).ToList();
        Assert.True(ConfidenceCalibration.BrierScore(predictions) < ConfidenceCalibration.BrierScore(predictions.Select(p => (0.5, p.Item2)).ToList()));
        Assert.Equal(2000, ConfidenceCalibration.Reliability(predictions).Sum(b => b.Count));
    }
}
