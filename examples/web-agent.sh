#!/bin/bash
# Agent step for examples/web.yaml: runs on each instance after the
# bootstrap has read ENVIRONMENT and ROLE from the instance's tags.
set -euo pipefail
dnf install -y python3
mkdir -p /srv/web
cat > /srv/web/index.html <<HTML
<h1>$ROLE in $ENVIRONMENT</h1><p>$INSTANCE_ID</p>
HTML
echo ok > /srv/web/healthz
cat > /etc/systemd/system/web.service <<UNIT
[Unit]
Description=example web server
[Service]
WorkingDirectory=/srv/web
ExecStart=/usr/bin/python3 -m http.server $APP_PORT
Restart=always
[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now web
