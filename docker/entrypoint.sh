#!/bin/sh
# Container start: apply migrations, load the seed into an empty database when MASTHEAD_SEED=1
# (a restart never undoes maintainers' edits), then serve.
set -eu
flask --app server db-upgrade
if [ "${MASTHEAD_SEED:-0}" = "1" ]; then
  flask --app server seed --if-empty
fi
exec gunicorn -c gunicorn.conf.py 'server:create_app()'
