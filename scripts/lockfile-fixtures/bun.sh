#!/usr/bin/env bash
# Regenerates fixtures/lockfiles/bun/* with a real bun (the npm package's linux-x64 binary, so no
# postinstall script has to run), so parser tests check what bun really writes into bun.lock.
# The expected package set comes from the node_modules tree bun laid out (bun has no JSON `ls`).
# Git dependencies are not here: git hosts are unreachable from the fixture machine, so that entry
# is hand-written in test/lockfiles/bun.test.ts instead.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
out="$repo/fixtures/lockfiles/bun"
bun_version=1.2.23

install_tool "$work/tools" "@oven/bun-linux-x64@$bun_version"
bun="$work/tools/node_modules/@oven/bun-linux-x64/bin/bun"

write_basic() { # dir
  write_basic_project "$1" "$PEER_BASIC_DEPENDENCIES"
}

write_workspace() { # dir
  write_workspace_project "$1" '{
  "name": "fixture-workspace",
  "version": "1.0.0",
  "private": true,
  "workspaces": { "packages": ["packages/*"], "catalog": { "ms": "2.1.3" } },
  "devDependencies": { "is-number": "7.0.0" }
}' \
    '{ "name": "@fixture/core", "version": "1.0.0", "dependencies": { "ms": "catalog:" }, "devDependencies": { "kind-of": "6.0.3" } }' \
    '{ "name": "@fixture/app", "version": "1.0.0", "dependencies": { "@fixture/core": "workspace:*", "debug": "4.3.4", "kind-of": "5.1.0" } }'
}

# bun 1.3 adds "configVersion" and writes package.json "overrides" into bun.lock.
write_overrides() { # dir
  cat >"$1/package.json" <<'JSON'
{
  "name": "fixture-overrides",
  "version": "1.0.0",
  "private": true,
  "dependencies": { "is-odd": "3.0.1", "my-ms": "npm:ms@2.1.2" },
  "devDependencies": { "debug": "4.3.4" },
  "overrides": { "is-number": "7.0.0" }
}
JSON
}

make_fixture() { # scenario, writer, [bun binary]
  local dir="$work/$1" tool="${3:-$bun}"
  rm -rf "$dir" && mkdir -p "$dir"
  "$2" "$dir"
  (cd "$dir" && BUN_CONFIG_REGISTRY="$registry" "$tool" install --ignore-scripts --save-text-lockfile >/dev/null)
  node "$here/bun-expected.mjs" "$dir" "bun $("$tool" --version)" >"$dir/expected.json"
  save_project "$dir" "$out/$1"
}

make_fixture basic write_basic
make_fixture workspace write_workspace

# The mirror this machine reaches ships bun 1.3's baseline build only (same code, older CPUs).
install_tool "$work/tools-1.3" "@oven/bun-linux-x64-baseline@1.3.14"
make_fixture overrides.v1.3 write_overrides "$work/tools-1.3/node_modules/@oven/bun-linux-x64-baseline/bin/bun"

# bun < 1.2 wrote only the binary bun.lockb: keep one real file so the refusal is tested on real bytes.
install_tool "$work/tools-1.1" "@oven/bun-linux-x64@1.1.38"
mkdir -p "$work/binary"
echo '{ "name": "fixture-binary", "version": "1.0.0", "private": true, "dependencies": { "ms": "2.1.3" } }' >"$work/binary/package.json"
(cd "$work/binary" && BUN_CONFIG_REGISTRY="$registry" "$work/tools-1.1/node_modules/@oven/bun-linux-x64/bin/bun" install --ignore-scripts >/dev/null)
save_manifests_and_lockfiles "$work/binary" "$out/binary" bun.lockb
echo "wrote $out/binary"
