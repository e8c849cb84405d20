#!/bin/sh
# Container start: apply migrations, load the seed when MASTHEAD_SEED=1, then serve.
set -eu
flask --app server db-upgrade
if [ "${MASTHEAD_SEED:-0}" = "1" ]; then
  flask --app server seed
fi
exec gunicorn -c gunicorn.conf.py 'server:create_app()'
