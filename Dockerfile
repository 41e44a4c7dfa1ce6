# PatchBench in one image, for the Kubernetes Indexed Job in deploy/kubernetes (and any other scheduler).
#   docker build -t patchbench:local .        (then tag and push it to your registry, and set `image:` in deploy/)
#   docker run --rm -v "$PWD/results:/results" patchbench:local run --suite suites/core --system retrieval --out /results
#
# Debian 12 as on the project's machines: Pd 0.53 from Debian is the judge of what a patch does, and the object
# catalog was probed from that Pd. Microsoft ships no Debian image for .NET 10, so the SDK is copied from its Ubuntu
# image (the portable .NET build runs on bookworm's glibc). scripts/setup.sh installs everything else by name, exactly
# as on a developer's machine, so the image cannot drift from the project's own set-up.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS dotnet

FROM debian:bookworm-slim
ENV DEBIAN_FRONTEND=noninteractive \
    DOTNET_ROOT=/usr/share/dotnet \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    PATCHBENCH_NATIVE_DIR=/opt/patchbench/native
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
# What .NET itself needs on Debian (ICU, TLS roots) and what setup.sh needs to run at all (git for the llama.cpp bundle).
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends ca-certificates libicu72 git \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/patchbench
COPY . .
RUN bash scripts/setup.sh \
 && dotnet publish src/PatchBench.Cli -c Release -o /opt/patchbench/app --nologo --verbosity quiet \
 && rm -rf /var/lib/apt/lists/* /root/.npm native/tarballs \
 && printf '#!/bin/sh\nexec dotnet /opt/patchbench/app/patchbench.dll "$@"\n' > /usr/local/bin/patchbench \
 && chmod +x /usr/local/bin/patchbench \
 && patchbench --help > /dev/null
# Relative paths of the docs (suites/core, the retrieval pool suites/fewshot) resolve here.
WORKDIR /opt/patchbench
ENTRYPOINT ["patchbench"]
CMD ["--help"]
