# Sourced by the fixture scripts in this folder (after their `set -euo pipefail`): the paths, the
# scratch folder, the tool installs, the fixture projects and the copy into fixtures/lockfiles that
# they all share, so a change to a fixture project lands in every package manager's lockfiles.
# Defines: here (this folder), repo, work (removed on exit), registry (npm's configured registry).

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
registry="$(npm config get registry)"

# Installs a package manager release from the registry into its own folder, scripts off, nothing global.
install_tool() { # prefix folder, package spec
  npm install --no-save --ignore-scripts --silent --prefix "$1" "$2" >/dev/null
}

# The dependencies of the basic project, in the two flavours the scripts use (JSON members, 4-space indent).
# Nested: debug@2 wants ms@2.0.0 while the root pins ms@2.1.3, so one ms is nested; plus a file: tarball.
NESTED_BASIC_DEPENDENCIES='    "debug": "2.6.9",
    "ms": "2.1.3",
    "my-ms": "npm:ms@2.1.2",
    "local-thing": "file:./local-thing",
    "tarred": "file:./vendor/tarred-0.2.0.tgz",
    "use-sync-external-store": "1.2.0"'
# Peer: react as the peer of use-sync-external-store, and a registry tarball given by URL.
PEER_BASIC_DEPENDENCIES='    "debug": "4.3.4",
    "my-ms": "npm:ms@2.1.2",
    "local-thing": "file:./local-thing",
    "use-sync-external-store": "1.2.0",
    "react": "18.2.0",
    "ms-tarball": "https://registry.npmjs.org/ms/-/ms-2.0.0.tgz"'

# fixture-basic: the given dependencies, dev and optional dependencies, and the local-thing folder
# (a file: dependency that has a registry dependency of its own).
write_basic_project() { # dir, dependencies (JSON members)
  mkdir -p "$1/local-thing"
  cat >"$1/package.json" <<JSON
{
  "name": "fixture-basic",
  "version": "1.0.0",
  "private": true,
  "dependencies": {
$2
  },
  "devDependencies": { "is-number": "7.0.0", "chalk": "4.1.2" },
  "optionalDependencies": { "is-odd": "3.0.1" }
}
JSON
  echo '{ "name": "local-thing", "version": "0.1.0", "dependencies": { "has-flag": "4.0.0" } }' >"$1/local-thing/package.json"
}

# vendor/tarred-0.2.0.tgz, the target of the nested flavour's file: tarball dependency.
write_tarred_package() { # dir
  mkdir -p "$1/vendor/tarred"
  echo '{ "name": "tarred", "version": "0.2.0", "dependencies": { "kind-of": "6.0.3" } }' >"$1/vendor/tarred/package.json"
  (cd "$1/vendor" && tar -czf tarred-0.2.0.tgz --transform 's,^tarred,package,' tarred && rm -rf tarred)
}

# A workspace project: the root package.json and those of packages/core and packages/app, each given whole.
write_workspace_project() { # dir, root package.json, packages/core package.json, packages/app package.json
  mkdir -p "$1/packages/core" "$1/packages/app"
  printf '%s\n' "$2" >"$1/package.json"
  printf '%s\n' "$3" >"$1/packages/core/package.json"
  printf '%s\n' "$4" >"$1/packages/app/package.json"
}

# Replaces a fixture folder with a project's package.json files (not those under node_modules or
# .yarn) and the named lockfiles: what the parsers read, without the installed tree.
save_manifests_and_lockfiles() { # project dir, fixture dir, lockfile names...
  local dir="$1" fixture="$2"
  shift 2
  rm -rf "${fixture:?}" && mkdir -p "$fixture"
  (cd "$dir" && find . -name package.json -not -path '*/node_modules/*' -not -path './.yarn/*' -exec cp --parents {} "$fixture/" \;)
  for lock in "$@"; do
    cp "$dir/$lock" "$fixture/"
  done
}

# Replaces a fixture folder with the whole project but its node_modules, and says so.
save_project() { # project dir, fixture dir
  rm -rf "${2:?}" && mkdir -p "$2"
  tar -C "$1" --exclude=node_modules -cf - . | tar -C "$2" -xf -
  echo "wrote $2"
}
