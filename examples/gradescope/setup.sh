#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image from the uploaded zip (its files are
# in /autograder/source). It installs Node.js, Drillbook (the drillbook.tar.gz that make-autograder.sh packed)
# and Chromium. See docs/grading.md, "Gradescope".
set -euxo pipefail
export DEBIAN_FRONTEND=noninteractive
AUTOGRADER="${AUTOGRADER:-/autograder}"
SOURCE="$AUTOGRADER/source"
DRILLBOOK="$AUTOGRADER/drillbook"

apt-get update
apt-get install -y --no-install-recommends ca-certificates curl xz-utils

# Node.js 22: Drillbook needs 20 or later, and Ubuntu's own nodejs package is older. The official build.
NODE_VERSION=v22.12.0
curl -fsSL "https://nodejs.org/dist/${NODE_VERSION}/node-${NODE_VERSION}-linux-x64.tar.xz" | tar -xJ -C /usr/local --strip-components=1
node --version

# Drillbook, as packed from the instructor's checkout, with its dependencies (devDependencies too: the CLI runs
# through tsx, and Vite builds the grading page).
mkdir -p "$DRILLBOOK"
tar -xzf "$SOURCE/drillbook.tar.gz" -C "$DRILLBOOK"
(cd "$DRILLBOOK" && npm ci --no-audit --no-fund)

# Chromium. Debian-based images have the `chromium` package. On Ubuntu (Gradescope's images), `chromium-browser`
# has been a stub that installs the snap since 19.10, and snaps do not run in a Docker build. So: try apt's
# packages, keep one only if it really starts headless, and otherwise install the Chromium build that matches
# Drillbook's playwright-core (with its system libraries).
starts() { "$1" --headless=new --no-sandbox --disable-gpu --dump-dom about:blank >/dev/null 2>&1; }
CHROMIUM=""
for package in chromium chromium-browser; do
  if apt-get install -y --no-install-recommends "$package" && starts "/usr/bin/$package"; then
    CHROMIUM="/usr/bin/$package"
    break
  fi
done
if [ -z "$CHROMIUM" ]; then
  (cd "$DRILLBOOK" && npx playwright-core install --with-deps chromium)
  CHROMIUM="$(cd "$DRILLBOOK" && node -e 'import("playwright-core").then((m) => console.log(m.chromium.executablePath()))')"
  starts "$CHROMIUM"
fi
echo "export CHROMIUM_PATH=$CHROMIUM" > "$AUTOGRADER/drillbook-env.sh"
echo "Chromium: $CHROMIUM"
