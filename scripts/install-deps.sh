#!/usr/bin/env bash
# Install every package chiso needs to build, test, chart and report, from Debian's registry.
# Idempotent and non-interactive: run it as root (or through sudo) on Debian 12.
#   CHISO_DEPS=minimal  skips the browser, fuzzing and coverage tools (build + run only).
set -euo pipefail

pkgs=(
  build-essential cmake pkg-config gettext
  libgsl-dev libcsv-dev libcmocka-dev libxlsxwriter-dev libutf8proc-dev
  libzip-dev libexpat1-dev libxml2-dev
  libplplot-dev plplot-driver-cairo libpng-dev
  fonts-dejavu-core fonts-noto-core
  unzip libxml2-utils python3
  libmicrohttpd-dev
)
if [ "${CHISO_DEPS:-full}" != "minimal" ]; then
  pkgs+=(clang libclang-rt-14-dev valgrind gcovr poppler-utils chromium curl zip)
  # tests/cli/serve_e2e.sh drives chromium from Node with the npm package puppeteer-core (tests/e2e)
  command -v node >/dev/null && command -v npm >/dev/null || pkgs+=(nodejs npm)
  # tests/cli/workbook_cli.sh: a workbook saved by another program (LibreOffice Calc) reads back the same
  pkgs+=(libreoffice-calc-nogui)
  # tests/cli/report_docx.sh: report.docx converted to PDF
  pkgs+=(libreoffice-writer-nogui)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#pkgs[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
