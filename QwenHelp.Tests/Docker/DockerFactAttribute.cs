namespace QwenHelp.Tests.Docker;

/// <summary>
/// A test against the built image: runs when scripts/docker-smoke.sh has built it and named it in
/// QWENHELP_DOCKER_IMAGE (with a running Docker daemon); skipped, with that reason, otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (string.IsNullOrEmpty(ComposeProject.Image))
        {
            Skip = "Docker tests run from scripts/docker-smoke.sh, which builds the image (QWENHELP_DOCKER_IMAGE is not set).";
        }
    }
}
