# A stand-in for mcr.microsoft.com/dotnet/aspnet:10.0 where no registry is reachable: the
# runtime-deps stand-in plus the .NET and ASP.NET Core shared runtimes (the build context is a folder
# that scripts/docker-base-images.sh fills from this machine's .NET install), in the same place.
ARG RUNTIME_DEPS_IMAGE=qwenhelp-local/runtime-deps:10.0
FROM ${RUNTIME_DEPS_IMAGE}
COPY dotnet/ /usr/share/dotnet/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_RUNNING_IN_CONTAINER=true DOTNET_ROOT=/usr/share/dotnet
