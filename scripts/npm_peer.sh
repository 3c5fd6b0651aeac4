# Sourced by the fetch_*peers.sh scripts: installs pinned npm packages into a cache folder.
# The caller defines fail() (prints its reason and exits non-zero) and installed() (true when
# the pinned packages are in place and load), then calls
#   npm_peer_install DEST NAME PACKAGE@VERSION...
# which returns at once when installed() holds and otherwise runs npm in DEST, serialised by a
# lock so two test runs starting together do not run npm in the same folder at once.
# Environment for npm (e.g. ONNXRUNTIME_NODE_INSTALL) passes through.

npm_peer_install() {
  local dest="$1" name="$2"
  shift 2
  command -v node >/dev/null 2>&1 || fail "node is not installed (Debian: apt-get install nodejs)"
  command -v npm >/dev/null 2>&1 || fail "npm is not installed (Debian: apt-get install npm)"
  installed && return 0
  mkdir -p "$dest" || fail "cannot create $dest"
  exec 9>"$dest/.install.lock"
  command -v flock >/dev/null 2>&1 && flock 9
  installed && return 0
  [ -f "$dest/package.json" ] ||
    printf '{\n  "name": "%s",\n  "private": true\n}\n' "$name" >"$dest/package.json"
  local log="$dest/npm-install.log"
  if ! (cd "$dest" && timeout 900 npm install --no-audit --no-fund --save-exact "$@" >"$log" 2>&1); then
    tail -5 "$log" >&2
    fail "npm install $* into $dest failed (full log: $log)"
  fi
  installed || fail "$* installed into $dest but does not load under $(node --version)"
  rm -f "$log"
  echo "silica peers: $* → $dest"
}
