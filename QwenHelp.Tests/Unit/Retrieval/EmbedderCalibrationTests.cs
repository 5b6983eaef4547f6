using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Tests.Unit.Retrieval;

/// <summary>Which fusion weights and confidence model apply to the embedder that serves.</summary>
public class EmbedderCalibrationTests
{
    [Fact]
    public void UsesTheValuesFittedForTheShippedDefaultEmbedder()
    {
        var calibration = EmbedderCalibration.For(EmbedderCalibration.ShippedDefault, new RetrievalOptions());

        Assert.True(calibration.Calibrated);
        Assert.Equal(EmbedderCalibration.ShippedDefault, calibration.Confidence.CalibratedFor);
        Assert.NotEqual(new ConfidenceOptions().Similarity, calibration.Confidence.Similarity);
    }

    [Fact]
    public void LetsTheOperatorsOwnFitForAnEmbedderWin()
    {
        var settings = new RetrievalOptions { KeywordWeight = 2, Confidence = new ConfidenceOptions { CalibratedFor = EmbedderCalibration.ShippedDefault, Similarity = 9 } };

        var calibration = EmbedderCalibration.For(EmbedderCalibration.ShippedDefault, settings);

        Assert.Equal((2.0, 9.0), (calibration.KeywordWeight, calibration.Confidence.Similarity));
    }

    [Fact]
    public void RestsConfidenceOnKeywordEvidenceForAnEmbedderNobodyFitted()
    {
        var calibration = EmbedderCalibration.For("onnx:someone-elses-model:mean", new RetrievalOptions());

        Assert.False(calibration.Calibrated);
        Assert.Equal((1.0, 1.0), (calibration.KeywordWeight, calibration.VectorWeight));
    }
}
