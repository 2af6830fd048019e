#!/usr/bin/env bash
# Regenerates fixtures/lockfiles/bun/* with a real bun (the npm package's linux-x64 binary, so no
# postinstall script has to run), so parser tests check what bun really writes into bun.lock.
# The expected package set comes from the node_modules tree bun laid out (bun has no JSON `ls`).
# Git dependencies are not here: git hosts are unreachable from the fixture machine, so that entry
# is hand-written in test/lockfiles/bun.test.ts instead.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/fixtures/lockfiles/bun"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
registry="$(npm config get registry)"
bun_version=1.2.23

npm install --no-save --ignore-scripts --silent --prefix "$work/tools" "@oven/bun-linux-x64@$bun_version" >/dev/null
bun="$work/tools/node_modules/@oven/bun-linux-x64/bin/bun"

write_basic() {
  mkdir -p "$1/local-thing"
  cat >"$1/package.json" <<'JSON'
{
  "name": "fixture-basic",
  "version": "1.0.0",
  "private": true,
  "dependencies": {
    "debug": "4.3.4",
    "my-ms": "npm:ms@2.1.2",
    "local-thing": "file:./local-thing",
    "use-sync-external-store": "1.2.0",
    "react": "18.2.0",
    "ms-tarball": "https://registry.npmjs.org/ms/-/ms-2.0.0.tgz"
  },
  "devDependencies": { "is-number": "7.0.0", "chalk": "4.1.2" },
  "optionalDependencies": { "is-odd": "3.0.1" }
}
JSON
  echo '{ "name": "local-thing", "version": "0.1.0", "dependencies": { "has-flag": "4.0.0" } }' >"$1/local-thing/package.json"
}

write_workspace() {
  mkdir -p "$1/packages/core" "$1/packages/app"
  cat >"$1/package.json" <<'JSON'
{
  "name": "fixture-workspace",
  "version": "1.0.0",
  "private": true,
  "workspaces": { "packages": ["packages/*"], "catalog": { "ms": "2.1.3" } },
  "devDependencies": { "is-number": "7.0.0" }
}
JSON
  cat >"$1/packages/core/package.json" <<'JSON'
{ "name": "@fixture/core", "version": "1.0.0", "dependencies": { "ms": "catalog:" }, "devDependencies": { "kind-of": "6.0.3" } }
JSON
  cat >"$1/packages/app/package.json" <<'JSON'
{ "name": "@fixture/app", "version": "1.0.0", "dependencies": { "@fixture/core": "workspace:*", "debug": "4.3.4", "kind-of": "5.1.0" } }
JSON
}

make_fixture() { # scenario, writer
  local dir="$work/$1"
  rm -rf "$dir" && mkdir -p "$dir"
  "$2" "$dir"
  (cd "$dir" && BUN_CONFIG_REGISTRY="$registry" "$bun" install --ignore-scripts --save-text-lockfile >/dev/null)
  node "$here/bun-expected.mjs" "$dir" "bun $("$bun" --version)" >"$dir/expected.json"
  rm -rf "$out/$1" && mkdir -p "$out/$1"
  tar -C "$dir" --exclude=node_modules -cf - . | tar -C "$out/$1" -xf -
  echo "wrote $out/$1"
}

make_fixture basic write_basic
make_fixture workspace write_workspace

# bun < 1.2 wrote only the binary bun.lockb: keep one real file so the refusal is tested on real bytes.
npm install --no-save --ignore-scripts --silent --prefix "$work/tools-1.1" "@oven/bun-linux-x64@1.1.38" >/dev/null
mkdir -p "$work/binary"
echo '{ "name": "fixture-binary", "version": "1.0.0", "private": true, "dependencies": { "ms": "2.1.3" } }' >"$work/binary/package.json"
(cd "$work/binary" && BUN_CONFIG_REGISTRY="$registry" "$work/tools-1.1/node_modules/@oven/bun-linux-x64/bin/bun" install --ignore-scripts >/dev/null)
rm -rf "$out/binary" && mkdir -p "$out/binary"
cp "$work/binary/package.json" "$work/binary/bun.lockb" "$out/binary/"
echo "wrote $out/binary"
