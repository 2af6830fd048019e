#!/usr/bin/env bash
# Regenerates fixtures/lockfiles/pnpm/* with the real pnpm releases, so parser tests check
# what pnpm actually writes (lockfile 5.4 from pnpm 7, 6.0 from pnpm 8, 9.0 from pnpm 9).
# Needs the npm registry this machine is configured with; installs nothing globally.
# The git-dependency case is not here: git hosts are unreachable from the fixture machine,
# so that entry is hand-written in test/lockfiles/pnpm.test.ts instead.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
out="$repo/fixtures/lockfiles/pnpm"

install_pnpm() { # version -> path of its bin
  install_tool "$work/tools/pnpm-$1" "pnpm@$1"
  echo "$work/tools/pnpm-$1/node_modules/.bin/pnpm"
}

# One project per scenario; shared by all pnpm versions so their lockfiles can be compared.
write_basic() { # dir
  write_basic_project "$1" "$PEER_BASIC_DEPENDENCIES"
}

write_workspace() { # dir [ms-spec for packages/core: "2.1.3" by default, "catalog:" for pnpm 9]
  write_workspace_project "$1" \
    '{ "name": "fixture-workspace", "version": "1.0.0", "private": true, "devDependencies": { "is-number": "7.0.0" } }' \
    "{ \"name\": \"@fixture/core\", \"version\": \"1.0.0\", \"dependencies\": { \"ms\": \"${2:-2.1.3}\" }, \"devDependencies\": { \"kind-of\": \"6.0.3\" } }" \
    '{ "name": "@fixture/app", "version": "1.0.0", "dependencies": { "@fixture/core": "workspace:*", "debug": "4.3.4", "kind-of": "6.0.3" } }'
  printf 'packages:\n  - packages/*\n' >"$1/pnpm-workspace.yaml"
}

# Patches is-number@7.0.0 through pnpm's own patch commands, so the lockfile gets
# `patchedDependencies` and `(patch_hash=…)` exactly as pnpm records them.
add_patch() { # pnpm, dir
  (cd "$2" && "$1" patch is-number@7.0.0 --edit-dir "$2/.patch-edit" >/dev/null &&
    echo '// patched by the fixture script' >>"$2/.patch-edit/index.js" &&
    npm_config_ignore_scripts=true npm_config_registry="$registry" "$1" patch-commit "$2/.patch-edit" >/dev/null)
  rm -rf "$2/.patch-edit"
}

make_fixture() { # pnpm, scenario, writer...
  local pnpm="$1" scenario="$2"
  shift 2
  local dir="$work/$scenario"
  rm -rf "$dir" && mkdir -p "$dir"
  "$@" "$dir"
  (cd "$dir" && "$pnpm" install --ignore-scripts --registry "$registry" --reporter=silent)
  if [ "${PATCH:-}" = 1 ]; then add_patch "$pnpm" "$dir"; fi
  (cd "$dir" && "$pnpm" list --recursive --depth Infinity --json) >"$work/list.json"
  node "$here/pnpm-expected.mjs" "$work/list.json" "pnpm $("$pnpm" --version)" >"$dir/expected.json"
  save_project "$dir" "$out/$scenario"
}

p7="$(install_pnpm 7.33.7)"
p8="$(install_pnpm 8.15.9)"
p9="$(install_pnpm 9.15.9)"

make_fixture "$p7" v5-basic write_basic
make_fixture "$p7" v5-workspace write_workspace
make_fixture "$p8" v6-basic write_basic
PATCH=1 make_fixture "$p8" v6-workspace write_workspace
make_fixture "$p9" v9-basic write_basic
write_workspace_catalog() {
  write_workspace "$1" "catalog:"
  printf 'catalog:\n  ms: 2.1.3\n' >>"$1/pnpm-workspace.yaml"
}
PATCH=1 make_fixture "$p9" v9-workspace write_workspace_catalog

# excludeLinksFromLockfile: pnpm leaves the link: dependency out of the lockfile (package.json keeps it).
write_exclude_links() { # dir
  mkdir -p "$1/local-thing"
  echo '{"name":"local-thing","version":"0.1.0"}' >"$1/local-thing/package.json"
  echo '{
  "name": "fixture-exclude-links",
  "version": "1.0.0",
  "private": true,
  "dependencies": { "ms": "2.1.3", "local-thing": "link:./local-thing" },
  "devDependencies": { "is-number": "7.0.0" }
}' >"$1/package.json"
  printf 'exclude-links-from-lockfile=true\n' >"$1/.npmrc"
}
make_fixture "$p9" v9-exclude-links write_exclude_links
