# A stand-in for mcr.microsoft.com/dotnet/runtime-deps:10.0 where no registry is reachable:
# the same libraries a self-contained .NET app needs, and the non-root user app (UID 1654).
ARG DEBIAN_IMAGE=qwenhelp-local/debian:bookworm
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libc6 libgcc-s1 libicu72 libssl3 libstdc++6 tzdata zlib1g curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 1654 app && useradd --uid 1654 --gid app --no-create-home app
ENV APP_UID=1654
