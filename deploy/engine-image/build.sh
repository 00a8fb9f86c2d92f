#!/usr/bin/env bash
# Builds the reference engine as a local Docker image, with no registry and no base image to pull:
#   1. dotnet publish, self-contained for linux-x64 (InvariantGlobalization: no ICU needed);
#   2. a minimal rootfs: the published engine in /app, the shared libraries it needs (found with ldd),
#      /tmp and a two-line /etc/passwd;
#   3. docker import of that rootfs as the base, then docker build of ./Dockerfile on top (entrypoint, user);
#   4. tagged orrery/reference-engine:<version>, plus every --tag given.
#
# Usage: deploy/engine-image/build.sh [--tag TAG]... [VERSION]
#   VERSION defaults to the engine project's Version (1.0.0 unless set). Honours DOCKER_HOST.
#   The publish output is reused while the engine sources are unchanged, and the image build is skipped
#   when the daemon already has this version built from the same sources.
# Prints the image reference on the last line of stdout; everything else goes to stderr.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$repo/deploy/engine-image"
project="$repo/src/Orrery.ReferenceEngine"
work="$repo/artifacts/engine-image"
repository=orrery/reference-engine

say() { echo "engine-image: $*" >&2; }
fail() { say "$*"; exit 1; }
trap 'say "failed (line $LINENO: $BASH_COMMAND)"' ERR

extra_tags=()
version=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) [ $# -ge 2 ] || fail "--tag needs a value"; extra_tags+=("$2"); shift 2 ;;
    --tag=*) extra_tags+=("${1#--tag=}"); shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) fail "unknown option '$1' (usage: build.sh [--tag TAG]... [VERSION])" ;;
    *) [ -z "$version" ] || fail "one VERSION only, got '$version' and '$1'"; version=$1; shift ;;
  esac
done

command -v dotnet > /dev/null || fail "dotnet is not on PATH"
command -v docker > /dev/null || fail "docker (the client) is not on PATH"

if [ -z "$version" ]; then
  version=$(dotnet msbuild "$project" -nologo -getProperty:Version 2> /dev/null | tr -d '[:space:]') || true
  [ -n "$version" ] || fail "could not read the engine project's Version; pass VERSION"
fi
# Docker's tag grammar: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
valid_tag() { [[ "$1" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]]; }
for tag in "$version" "${extra_tags[@]}"; do
  valid_tag "$tag" || fail "'$tag' is not a valid image tag (letters, digits, '_', '.', '-'; at most 128)"
done

# One hash over everything the image is made of, so unchanged sources skip the publish and the image build.
source_hash() {
  local files
  if git -C "$repo" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    files=$(cd "$repo" && git ls-files -co --exclude-standard -- src/Orrery.ReferenceEngine \
      Directory.Build.props Directory.Packages.props global.json NuGet.config nuget.config deploy/engine-image)
  else
    files=$(cd "$repo" && find src/Orrery.ReferenceEngine deploy/engine-image Directory.*.props -type f \
      -not -path '*/bin/*' -not -path '*/obj/*')
  fi
  (cd "$repo" && printf '%s\n' "$files" | LC_ALL=C sort | while IFS= read -r f; do
    [ -f "$f" ] && { printf '%s\n' "$f"; cat "$f"; }
  done) | sha256sum | cut -c1-16
}
hash=$(source_hash)
image="$repository:$version"

if [ "$(docker image inspect -f '{{ index .Config.Labels "io.orrery.source-hash" }}' "$image" 2> /dev/null)" = "$hash" ]; then
  say "$image is up to date (sources $hash)"
else
  # 1. Publish (reused while the sources are unchanged). The intermediate files go under $work too, so the
  #    RID-specific restore never touches the project's own obj/ that the solution build uses.
  publish="$work/publish"
  if [ "$(cat "$work/publish.hash" 2> /dev/null)" = "$hash" ] && [ -x "$publish/orrery-reference-engine" ]; then
    say "reusing the publish output in $publish"
  else
    say "publishing the engine (linux-x64, self-contained)"
    rm -rf "$publish" "$work/publish.hash"
    dotnet publish "$project" -c Release -r linux-x64 --self-contained -p:InvariantGlobalization=true \
      -p:Version="$version" --artifacts-path "$work/build" -o "$publish" -nologo -clp:ErrorsOnly >&2 \
      || fail "dotnet publish failed"
    echo "$hash" > "$work/publish.hash"
  fi

  # 2. The rootfs: /app, the libraries, /tmp, /etc/passwd and /etc/group. Nothing else, not even a shell.
  rootfs="$work/rootfs"
  rm -rf "$rootfs"
  mkdir -p "$rootfs/app" "$rootfs/etc" "$rootfs/tmp"
  chmod 1777 "$rootfs/tmp"
  cp -a "$publish/." "$rootfs/app/"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nengine:x:10001:10001:orrery engine:/tmp:/sbin/nologin\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\nengine:x:10001:\n' > "$rootfs/etc/group"

  # The runtime opens libssl/libcrypto with dlopen (player ids are SHA-1 name-based UUIDs), so ldd of the
  # published files does not show them: they are added by name. liblttng (tracing) is optional and absent.
  elf_files=("$publish/orrery-reference-engine" "$publish"/*.so)
  for name in libssl.so.3 libcrypto.so.3; do
    path=$(ldconfig -p | awk -v n="$name" '$1 == n && /x86-64/ && !found { print $NF; found = 1 }')
    [ -n "$path" ] || fail "$name is not installed (apt-get install libssl3)"
    elf_files+=("$path")
  done
  libraries=$(for f in "${elf_files[@]}"; do
      printf '%s\n' "$f"
      ldd "$f" 2> /dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
    done | grep -v "^$publish/" | LC_ALL=C sort -u)
  while IFS= read -r lib; do
    [ -n "$lib" ] || continue
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"   # -L: the real file under the name the loader asks for
  done <<< "$libraries"
  say "rootfs: $(du -sh "$rootfs" | cut -f1), $(wc -l <<< "$libraries") system libraries"

  # 3. Import the base, build the image on it, drop the intermediate base tag.
  base="$repository-base:$hash"
  tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -c . | docker import - "$base" > /dev/null \
    || fail "docker import failed"
  buildkit=1
  docker buildx version > /dev/null 2>&1 || buildkit=0   # the legacy builder needs no buildx plugin
  DOCKER_BUILDKIT=$buildkit docker build -q --build-arg BASE="$base" --build-arg VERSION="$version" \
    --build-arg SOURCE_HASH="$hash" -t "$image" - < "$here/Dockerfile" > /dev/null \
    || fail "docker build failed"
  docker image rm "$base" > /dev/null 2>&1 || true
  say "built $image (sources $hash)"
fi

for tag in "${extra_tags[@]}"; do
  docker tag "$image" "$repository:$tag"
  say "tagged $repository:$tag"
done
echo "$image"
