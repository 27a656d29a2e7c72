#!/bin/sh
# Stands in for Prisma's native schema engine (a download that fails offline). Use npm run db:* instead.
echo "The native Prisma schema engine is not installed here: use npm run db:migrate / db:deploy / db:status." >&2
exit 1
