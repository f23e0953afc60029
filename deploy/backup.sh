#!/bin/sh
# One backup of the running installation, and the audit chain's head filed beside it.
# Run by tansiq-backup.service (as the service user, with its environment); see docs/DEPLOY.md.
#   BACKUP_DIR  where archives go (default /var/lib/tansiq-backups)
#   KEEP_DAYS   archives older than this are deleted (default 30)
set -eu
cd "$(dirname "$0")/.."
dir="${BACKUP_DIR:-/var/lib/tansiq-backups}"
keep="${KEEP_DAYS:-30}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

# The head of the audit chain, taken just before the backup (so the backup holds it), signed with
# the installation key: filed beside the archive and in audit-heads.txt, and copied elsewhere by
# the operator, so that a log cut short together with its head is caught by
# `tansiq audit verify --against`.
node bin/tansiq.js audit head > "$dir/tansiq-$stamp.head"
cat "$dir/tansiq-$stamp.head" >> "$dir/audit-heads.txt"
cat "$dir/tansiq-$stamp.head"
# Consistent while the server runs (SQLite's online backup, a PostgreSQL snapshot); written as
# FILE.partial and renamed when whole.
node bin/tansiq.js backup "$dir/tansiq-$stamp.backup"
find "$dir" \( -name 'tansiq-*.backup' -o -name 'tansiq-*.head' \) -mtime +"$keep" -delete
