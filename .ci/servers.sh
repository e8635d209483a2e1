# PostgreSQL and NATS (JetStream) for the tests, on free local ports, in a
# directory of their own. Sourced by .ci/run; also usable by hand:
#   source .ci/servers.sh && start_servers && trap stop_servers EXIT
# start_servers installs the Debian packages when missing, starts both, waits
# until they answer (with a deadline) and exports DEMARCHE_TEST_POSTGRES and
# DEMARCHE_TEST_NATS. stop_servers stops whatever was started; it is safe to
# call twice and after a failed start.

servers_dir=""
nats_pid=""
pg_bin=""
pg_started=""

# Runs a command as the PostgreSQL user: initdb refuses to run as root.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A TCP port nothing listens on now (the kernel's choice).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to $2 seconds for 127.0.0.1:$1 to accept connections.
wait_for_port() {
  local port="$1" secs="$2" i
  for ((i = 0; i < secs * 10; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

find_pg_bin() {
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
}

start_servers() {
  find_pg_bin
  local missing=()
  [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || missing+=(postgresql)
  command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "servers: installing ${missing[*]}"
    apt-get update -qq
    # The package's own cluster is not needed: ours runs in a directory of its own.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    find_pg_bin
  fi

  servers_dir="$(mktemp -d /tmp/demarche-servers.XXXXXX)"
  chmod 755 "$servers_dir"
  mkdir -p "$servers_dir/pg" "$servers_dir/nats"
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$servers_dir/pg"
  fi

  local pg_port nats_port
  pg_port="$(free_port)"
  as_postgres "$pg_bin/initdb" -D "$servers_dir/pg/data" -A trust -U postgres >"$servers_dir/pg/initdb.log" 2>&1 || {
    cat "$servers_dir/pg/initdb.log" >&2
    return 1
  }
  # -w waits until the server accepts connections, at most -t seconds.
  as_postgres "$pg_bin/pg_ctl" -D "$servers_dir/pg/data" -w -t 60 -l "$servers_dir/pg/log" \
    -o "-p $pg_port -k $servers_dir/pg -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" \
    start >/dev/null || {
    cat "$servers_dir/pg/log" >&2
    return 1
  }
  pg_started=1

  nats_port="$(free_port)"
  nats-server -js -a 127.0.0.1 -p "$nats_port" -sd "$servers_dir/nats" >"$servers_dir/nats/log" 2>&1 &
  nats_pid=$!
  if ! wait_for_port "$nats_port" 30; then
    echo "servers: nats-server did not listen on $nats_port within 30 s" >&2
    cat "$servers_dir/nats/log" >&2
    return 1
  fi

  export DEMARCHE_TEST_POSTGRES="postgres://postgres@127.0.0.1:$pg_port/postgres"
  export DEMARCHE_TEST_NATS="nats://127.0.0.1:$nats_port"
  echo "servers: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on $pg_port, $(nats-server --version) on $nats_port ($servers_dir)"
}

stop_servers() {
  if [ -n "$nats_pid" ]; then
    kill "$nats_pid" 2>/dev/null || true
    wait "$nats_pid" 2>/dev/null || true
    nats_pid=""
  fi
  if [ -n "$pg_started" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$servers_dir/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    pg_started=""
  fi
  if [ -n "$servers_dir" ]; then
    rm -rf "$servers_dir"
    servers_dir=""
  fi
}
