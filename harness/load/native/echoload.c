/*
 * echoload: the testbed's native echo load generator (Linux: epoll, non-blocking sockets, libc only).
 *
 * It does exactly what harness/load/echo-load.ts does, so that results stay comparable, but at a fraction of the
 * CPU: the plain Node generator ran at 89-95% of its core at 1 KiB and 10 KiB, as busy as the server it measured
 * (issues #13, #14). Its only caller is harness/load/native-echo-load.ts; the arguments (see usage()) and the JSON it
 * prints on stdout are the interface between the two.
 *
 * The trial: K connections to a loopback address, all connected before the clock starts. Each keeps at most one
 * message of S bytes in flight: send it, wait for every byte to come back, verify it in place against the bytes
 * sent, send the next. Message n of connection c is the payload pattern (byte i is i mod 251) starting at offset
 * (c*7 + n) mod 251, as scenarios/echo.ts's echoMessage. A trial ends at the deadline (no message is sent at or
 * after it; those in flight may still come back), or after max-messages per connection; a connection with no
 * complete reply by deadline + stall grace is counted STALLED and dropped, which also bounds the whole run.
 *
 * Closed loop (the default) sends the next message as soon as a reply is verified. Open loop (--rate R) gives
 * every connection a fixed schedule instead: slot g = n*K + c (message n of connection c) falls at t0 + g/R, so the
 * R messages a second are spread evenly over the connections. A message is sent at its slot or, if its connection
 * still had the previous message in flight when the slot came, the moment that reply is verified (a late send,
 * as wrk2 does). Its latency is recorded twice: from its slot (corrected for coordinated omission) and from when it
 * actually went out (uncorrected).
 *
 * Exit status: 0 the trial ran (whatever its verdicts; they are in the JSON); 1 it could not run (a connection
 * failed, too few file descriptors, the samples file): {"ok":false,"error":{"code","message"}} on stdout;
 * 2 bad arguments: a message on stderr.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define PATTERN_PERIOD 251
/* scenarios/payload.ts's MAX_PAYLOAD_BYTES: the largest echo message. */
#define MAX_SIZE (16L * 1024 * 1024)
#define MAX_CONNECTIONS 100000
/* Connects in progress at once: 10,000 at a time would overflow the server's accept queue (Node listens with a
 * backlog of 511), and a dropped SYN costs a one-second retransmit. */
#define CONNECT_WINDOW 128
/* Descriptors beyond the connections: stdio, epoll, the timer, the samples file. */
#define SPARE_FDS 16
#define MAX_EVENTS 1024
#define MAX_ERROR_CODES 32
#define SAMPLE_BUFFER 65536
#define TIMER_TAG UINT64_MAX
#define NS_PER_MS 1000000LL

typedef struct {
  char host[INET6_ADDRSTRLEN];
  struct sockaddr_storage addr;
  socklen_t addr_len;
  long port;
  long connections;
  long size;
  long duration_ms;
  long long max_messages;
  long write_chunk; /* 0: the whole message in one write */
  long read_buffer;
  double rate; /* 0: closed loop */
  const char *samples_path;
  long stall_grace_ms;
  long connect_timeout_ms;
} Config;

enum { CONNECTING, READY, BUSY, DONE };

typedef struct {
  int fd;
  uint8_t state;
  bool want_out;  /* EPOLLOUT is registered: a write is waiting for room */
  uint32_t start; /* where the message in flight starts in the pattern */
  uint64_t sent;  /* messages sent so far; the one in flight is number sent-1 */
  size_t written, filled;
  int64_t sent_at, slot_at, connect_at;
} Conn;

typedef struct {
  char name[24];
  uint64_t count;
} ErrorCount;

static struct {
  Config cfg;
  Conn *conns;
  int ep;
  int timer_fd;
  uint8_t *pattern;
  uint8_t *rbuf;
  int64_t t0, deadline;
  uint64_t messages, mismatches;
  ErrorCount errors[MAX_ERROR_CODES];
  int nerrors;
  char first_problem[320];
  long live;
  int64_t idle_ns;
  uint64_t reads, writes, waits; /* system calls in the measured part, to explain its CPU per message */
  /* open loop */
  double ns_per_slot;
  uint64_t cursor; /* the next global slot the schedule has not reached */
  uint64_t late, dropped, scheduled;
  int64_t max_lag;
  /* samples */
  int samples_fd;
  uint32_t samples[SAMPLE_BUFFER];
  size_t nsamples;
  uint64_t samples_written;
  int samples_errno;
  /* file descriptor limit */
  struct rlimit nofile_before;
  bool nofile_raised;
} T;

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int ms_until(int64_t when, int64_t now) {
  if (when <= now) return 0;
  int64_t ms = (when - now + NS_PER_MS - 1) / NS_PER_MS;
  return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Arguments */

static void usage(FILE *out) {
  fprintf(out,
          "usage: echoload --port N --connections K --size S --duration-ms D [options]\n"
          "  --host ADDR            loopback address to connect to (127.0.0.0/8, ::1, localhost; default 127.0.0.1)\n"
          "  --port N               the echo server's port\n"
          "  --connections K        connections, each with at most one message in flight (1..%d)\n"
          "  --size S               message size in bytes (1..%ld)\n"
          "  --duration-ms D        how long the trial sends for\n"
          "  --max-messages M       at most M messages per connection (default: no limit but time)\n"
          "  --write-chunk P        write each message in pieces of P bytes (default 0: the whole message at once)\n"
          "  --read-buffer B        bytes asked of each read (default 65536)\n"
          "  --rate R               open loop: R messages a second in all, on a fixed schedule (default: closed loop)\n"
          "  --samples PATH         write each message's latency, in microseconds, to PATH (uint32, host byte order;\n"
          "                         in open loop two per message: from its slot, then from its actual send)\n"
          "  --stall-grace-ms G     a reply not complete G ms after the deadline is STALLED (default 2000)\n"
          "  --connect-timeout-ms C a connection not made within C ms fails the run (default 5000)\n"
          "Prints a JSON summary on stdout. Exit status: 0 the trial ran, 1 it could not, 2 bad arguments.\n",
          MAX_CONNECTIONS, MAX_SIZE);
}

static void bad_usage(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("echoload: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputs(" (run with --help for usage)\n", stderr);
  va_end(ap);
  exit(2);
}

static long long parse_integer(const char *name, const char *text, long long min, long long max) {
  char *end;
  errno = 0;
  long long v = strtoll(text, &end, 10);
  if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno == ERANGE) bad_usage("%s takes a whole number, not '%s'", name, text);
  if (v < min || v > max) bad_usage("%s must be from %lld to %lld, not %lld", name, min, max, v);
  return v;
}

static double parse_rate(const char *text) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno == ERANGE) bad_usage("--rate takes a number of messages a second, not '%s'", text);
  if (!(v >= 0.001 && v <= 1e8)) bad_usage("--rate must be from 0.001 to 1e8 messages a second, not %s", text);
  return v;
}

/* All traffic stays on this machine (GUIDE.md): only loopback addresses are accepted. */
static void parse_host(Config *cfg, const char *text) {
  const char *host = strcmp(text, "localhost") == 0 ? "127.0.0.1" : text;
  struct sockaddr_in *v4 = (struct sockaddr_in *)&cfg->addr;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&cfg->addr;
  memset(&cfg->addr, 0, sizeof cfg->addr);
  if (inet_pton(AF_INET, host, &v4->sin_addr) == 1 && (ntohl(v4->sin_addr.s_addr) >> 24) == 127) {
    v4->sin_family = AF_INET;
    cfg->addr_len = sizeof *v4;
  } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1 && IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr)) {
    v6->sin6_family = AF_INET6;
    cfg->addr_len = sizeof *v6;
  } else {
    bad_usage("--host must be a loopback address (127.0.0.0/8, ::1 or localhost), not '%s'", text);
  }
  snprintf(cfg->host, sizeof cfg->host, "%s", host);
}

static void parse_args(Config *cfg, int argc, char **argv) {
  bool have_port = false, have_connections = false, have_size = false, have_duration = false;
  *cfg = (Config){.max_messages = LLONG_MAX, .read_buffer = 65536, .stall_grace_ms = 2000, .connect_timeout_ms = 5000};
  parse_host(cfg, "127.0.0.1");
  for (int i = 1; i < argc; i++) {
    const char *name = argv[i];
    if (strcmp(name, "--help") == 0) {
      usage(stdout);
      exit(0);
    }
    if (i + 1 >= argc) bad_usage(strncmp(name, "--", 2) == 0 ? "%s needs a value" : "unexpected argument '%s'", name);
    const char *value = argv[++i];
    if (strcmp(name, "--host") == 0) parse_host(cfg, value);
    else if (strcmp(name, "--port") == 0) cfg->port = parse_integer(name, value, 1, 65535), have_port = true;
    else if (strcmp(name, "--connections") == 0) cfg->connections = parse_integer(name, value, 1, MAX_CONNECTIONS), have_connections = true;
    else if (strcmp(name, "--size") == 0) cfg->size = parse_integer(name, value, 1, MAX_SIZE), have_size = true;
    else if (strcmp(name, "--duration-ms") == 0) cfg->duration_ms = parse_integer(name, value, 1, 3600000), have_duration = true;
    else if (strcmp(name, "--max-messages") == 0) cfg->max_messages = parse_integer(name, value, 1, LLONG_MAX);
    else if (strcmp(name, "--write-chunk") == 0) cfg->write_chunk = parse_integer(name, value, 0, MAX_SIZE);
    else if (strcmp(name, "--read-buffer") == 0) cfg->read_buffer = parse_integer(name, value, 1, MAX_SIZE);
    else if (strcmp(name, "--rate") == 0) cfg->rate = parse_rate(value);
    else if (strcmp(name, "--samples") == 0) cfg->samples_path = value;
    else if (strcmp(name, "--stall-grace-ms") == 0) cfg->stall_grace_ms = parse_integer(name, value, 0, 600000);
    else if (strcmp(name, "--connect-timeout-ms") == 0) cfg->connect_timeout_ms = parse_integer(name, value, 1, 600000);
    else bad_usage("unknown option '%s'", name);
  }
  if (!have_port || !have_connections || !have_size || !have_duration) {
    bad_usage("--port, --connections, --size and --duration-ms are required");
  }
  if (cfg->port == 0) bad_usage("--port must be from 1 to 65535");
  if (cfg->addr.ss_family == AF_INET) ((struct sockaddr_in *)&cfg->addr)->sin_port = htons((uint16_t)cfg->port);
  else ((struct sockaddr_in6 *)&cfg->addr)->sin6_port = htons((uint16_t)cfg->port);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Output */

static void json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '"' || ch == '\\') printf("\\%c", ch);
    else if (ch < 0x20) printf("\\u%04x", ch);
    else putchar(ch);
  }
  putchar('"');
}

static void print_fd_limit(long needed) {
  printf("\"fdLimit\":{\"needed\":%ld,\"soft\":%llu,\"hard\":%llu,\"raised\":%s}", needed, (unsigned long long)T.nofile_before.rlim_cur,
         (unsigned long long)T.nofile_before.rlim_max, T.nofile_raised ? "true" : "false");
}

/* The run could not happen; say why in the JSON and leave. The kernel closes every descriptor. */
static void fail_run(const char *code, const char *fmt, ...) {
  char message[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  printf("{\"ok\":false,\"error\":{\"code\":");
  json_string(code);
  printf(",\"message\":");
  json_string(message);
  printf("},");
  print_fd_limit(T.cfg.connections + SPARE_FDS);
  printf("}\n");
  exit(1);
}

/* The code Node gives the same errno (err.code), so both generators count errors under the same names. */
static const char *errno_name(int e, char *scratch, size_t n) {
  static const struct {
    int code;
    const char *name;
  } names[] = {
      {ECONNRESET, "ECONNRESET"},       {EPIPE, "EPIPE"},           {ECONNREFUSED, "ECONNREFUSED"}, {ETIMEDOUT, "ETIMEDOUT"},
      {ECONNABORTED, "ECONNABORTED"},   {ENETUNREACH, "ENETUNREACH"}, {EHOSTUNREACH, "EHOSTUNREACH"}, {ENETDOWN, "ENETDOWN"},
      {EHOSTDOWN, "EHOSTDOWN"},         {EADDRNOTAVAIL, "EADDRNOTAVAIL"}, {EADDRINUSE, "EADDRINUSE"}, {EMFILE, "EMFILE"},
      {ENFILE, "ENFILE"},               {ENOBUFS, "ENOBUFS"},       {ENOMEM, "ENOMEM"},             {ENOTCONN, "ENOTCONN"},
      {EACCES, "EACCES"},               {EPERM, "EPERM"},           {EINVAL, "EINVAL"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (names[i].code == e) return names[i].name;
  }
  snprintf(scratch, n, "ERRNO_%d", e);
  return scratch;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Verdicts */

static void note_problem(const char *fmt, va_list ap) {
  if (T.first_problem[0] == '\0') vsnprintf(T.first_problem, sizeof T.first_problem, fmt, ap);
}

static void count_error(const char *code, const char *fmt, ...) {
  int i = 0;
  while (i < T.nerrors && strcmp(T.errors[i].name, code) != 0) i++;
  if (i == MAX_ERROR_CODES) i--, code = "OTHER"; /* never in practice: a run sees a handful of codes */
  if (i == T.nerrors) T.nerrors++;
  snprintf(T.errors[i].name, sizeof T.errors[i].name, "%s", code);
  T.errors[i].count++;
  va_list ap;
  va_start(ap, fmt);
  note_problem(fmt, ap);
  va_end(ap);
}

static void close_conn(Conn *c) {
  close(c->fd); /* also takes it out of the epoll set */
  c->fd = -1;
  c->state = DONE;
  T.live--;
}

static void mismatch(Conn *c, const char *fmt, ...) {
  T.mismatches++;
  va_list ap;
  va_start(ap, fmt);
  note_problem(fmt, ap);
  va_end(ap);
  close_conn(c);
}

static void fail_errno(Conn *c, int e) {
  char scratch[24];
  count_error(errno_name(e, scratch, sizeof scratch), "connection %ld: %s", (long)(c - T.conns), strerror(e));
  close_conn(c);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Samples */

static void flush_samples(void) {
  const char *p = (const char *)T.samples;
  size_t left = T.nsamples * sizeof T.samples[0];
  while (left > 0 && T.samples_errno == 0) {
    ssize_t w = write(T.samples_fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) T.samples_errno = w < 0 ? errno : EIO;
    else p += w, left -= (size_t)w;
  }
  T.nsamples = 0;
}

static void record_us(int64_t ns) {
  if (T.samples_fd < 0) return;
  int64_t us = (ns + 500) / 1000;
  T.samples[T.nsamples++] = us < 1 ? 1 : us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
  T.samples_written++;
  if (T.nsamples == SAMPLE_BUFFER) flush_samples();
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Sending */

static void want_out(Conn *c, bool on) {
  if (c->want_out == on) return;
  struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.u64 = (uint64_t)(c - T.conns)};
  epoll_ctl(T.ep, EPOLL_CTL_MOD, c->fd, &ev);
  c->want_out = on;
}

/* Writes what the kernel takes now; the rest goes when EPOLLOUT says there is room. */
static void write_some(Conn *c) {
  size_t size = (size_t)T.cfg.size;
  size_t chunk = T.cfg.write_chunk > 0 ? (size_t)T.cfg.write_chunk : size;
  while (c->written < size) {
    size_t len = size - c->written < chunk ? size - c->written : chunk;
    ssize_t w = send(c->fd, T.pattern + c->start + c->written, len, MSG_NOSIGNAL);
    T.writes++;
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) fail_errno(c, errno);
      else want_out(c, true);
      return;
    }
    c->written += (size_t)w;
  }
  want_out(c, false);
}

static void send_message(Conn *c, int64_t slot, int64_t now) {
  long index = (long)(c - T.conns);
  c->start = (uint32_t)(((uint64_t)index * 7 + c->sent) % PATTERN_PERIOD);
  c->sent++;
  c->written = 0;
  c->filled = 0;
  c->slot_at = slot;
  c->sent_at = now;
  c->state = BUSY;
  write_some(c);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* The open loop's schedule */

static int64_t slot_offset(uint64_t g) {
  return (int64_t)((double)g * T.ns_per_slot);
}

static int64_t slot_of(const Conn *c) {
  return T.t0 + slot_offset(c->sent * (uint64_t)T.cfg.connections + (uint64_t)(c - T.conns));
}

/* How many of connection c's slots fall before the deadline (and within max-messages). */
static uint64_t slots_before_deadline(long c) {
  uint64_t k = (uint64_t)T.cfg.connections;
  int64_t d = T.cfg.duration_ms * NS_PER_MS;
  double estimate = ((double)d / T.ns_per_slot - (double)c) / (double)k;
  uint64_t n = estimate > 0 ? (uint64_t)estimate : 0;
  /* The estimate is off by at most one either way; settle it with the same arithmetic the schedule uses. */
  while (n > 0 && slot_offset((n - 1) * k + (uint64_t)c) >= d) n--;
  while (slot_offset(n * k + (uint64_t)c) < d) n++;
  return n < (uint64_t)T.cfg.max_messages ? n : (uint64_t)T.cfg.max_messages;
}

/* A connection that ran its course. In open loop, the slots before the deadline it never reached are dropped:
 * it was still behind schedule (the server slower than the rate) when the trial ended. */
static void finish(Conn *c) {
  if (T.cfg.rate > 0) {
    uint64_t due = slots_before_deadline((long)(c - T.conns));
    if (due > c->sent) T.dropped += due - c->sent;
  }
  close_conn(c);
}

/* The connection is free (its reply verified): send the next message, wait for its slot, or finish. */
static void next_message(Conn *c, int64_t now) {
  if (now >= T.deadline || c->sent >= (uint64_t)T.cfg.max_messages) {
    finish(c);
  } else if (T.cfg.rate <= 0) {
    send_message(c, now, now);
  } else if (slot_of(c) >= T.deadline) {
    finish(c);
  } else if (slot_of(c) > now) {
    c->state = READY; /* run_schedule sends it when its slot comes */
  } else {
    T.late++; /* its slot came while the previous message was still in flight */
    send_message(c, slot_of(c), now);
  }
}

/* Sends every message whose slot has come and whose connection is free, then sets the timer for the next slot. */
static void run_schedule(void) {
  uint64_t k = (uint64_t)T.cfg.connections;
  int64_t now = now_ns();
  int64_t d = T.cfg.duration_ms * NS_PER_MS;
  for (;;) {
    int64_t offset = slot_offset(T.cursor);
    if (offset >= d) return; /* no more slots: the timer stays disarmed */
    if (T.t0 + offset > now) break;
    Conn *c = &T.conns[T.cursor % k];
    /* A busy connection sends this slot's message late, when its reply comes (next_message). */
    if (c->state == READY && c->sent == T.cursor / k) {
      if (now >= T.deadline) finish(c);
      else {
        if (now - (T.t0 + offset) > T.max_lag) T.max_lag = now - (T.t0 + offset);
        send_message(c, T.t0 + offset, now);
      }
    }
    T.cursor++;
  }
  int64_t at = T.t0 + slot_offset(T.cursor);
  struct itimerspec when = {.it_value = {.tv_sec = at / 1000000000LL, .tv_nsec = at % 1000000000LL}};
  timerfd_settime(T.timer_fd, TFD_TIMER_ABSTIME, &when, NULL);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Receiving */

static void on_readable(Conn *c) {
  ssize_t r = read(c->fd, T.rbuf, (size_t)T.cfg.read_buffer);
  T.reads++;
  long index = (long)(c - T.conns);
  if (r < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) fail_errno(c, errno);
    return;
  }
  if (r == 0) {
    /* As the Node generator: a close before the deadline is the server's doing; after it, a normal end. */
    if (now_ns() < T.deadline) count_error("ECONNRESET", "connection %ld: closed by the server", index);
    close_conn(c);
    return;
  }
  size_t n = (size_t)r;
  /* Bytes beyond those written cannot be an echo; with nothing in flight, none are expected at all. */
  size_t excess = c->state != BUSY ? n : c->filled + n > c->written ? c->filled + n - c->written : 0;
  if (excess > 0) {
    mismatch(c, "connection %ld: %zu bytes more than were sent", index, excess);
    return;
  }
  if (memcmp(T.rbuf, T.pattern + c->start + c->filled, n) != 0) {
    mismatch(c, "connection %ld: reply %llu does not match what was sent", index, (unsigned long long)c->sent);
    return;
  }
  c->filled += n;
  if (c->filled < (size_t)T.cfg.size) return;
  int64_t now = now_ns();
  record_us(now - c->slot_at);
  if (T.cfg.rate > 0) record_us(now - c->sent_at);
  T.messages++;
  next_message(c, now);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Set-up */

/* The kernel refuses descriptors beyond the soft limit; raise it (up to the hard limit) when K connections need it. */
static void ensure_fd_limit(void) {
  long needed = T.cfg.connections + SPARE_FDS;
  getrlimit(RLIMIT_NOFILE, &T.nofile_before);
  if (T.nofile_before.rlim_cur != RLIM_INFINITY && T.nofile_before.rlim_cur >= (rlim_t)needed) return;
  if (T.nofile_before.rlim_cur == RLIM_INFINITY) return;
  if (T.nofile_before.rlim_max != RLIM_INFINITY && T.nofile_before.rlim_max < (rlim_t)needed) {
    fail_run("EMFILE", "%ld connections need %ld file descriptors; RLIMIT_NOFILE's hard limit is %llu", T.cfg.connections, needed,
             (unsigned long long)T.nofile_before.rlim_max);
  }
  struct rlimit raised = {.rlim_cur = (rlim_t)needed, .rlim_max = T.nofile_before.rlim_max};
  if (setrlimit(RLIMIT_NOFILE, &raised) != 0) {
    fail_run("EMFILE", "%ld connections need %ld file descriptors; raising RLIMIT_NOFILE from %llu failed: %s", T.cfg.connections, needed,
             (unsigned long long)T.nofile_before.rlim_cur, strerror(errno));
  }
  T.nofile_raised = true;
}

static void connect_failed(int e) {
  char scratch[24];
  fail_run(errno_name(e, scratch, sizeof scratch), "connect to %s:%ld: %s", T.cfg.host, T.cfg.port, strerror(e));
}

static void start_connect(Conn *c) {
  int one = 1;
  c->fd = socket(T.cfg.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (c->fd < 0) connect_failed(errno);
  setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  c->state = CONNECTING;
  c->connect_at = now_ns();
  struct epoll_event ev = {.events = EPOLLOUT, .data.u64 = (uint64_t)(c - T.conns)};
  if (epoll_ctl(T.ep, EPOLL_CTL_ADD, c->fd, &ev) != 0) connect_failed(errno);
  if (connect(c->fd, (struct sockaddr *)&T.cfg.addr, T.cfg.addr_len) != 0 && errno != EINPROGRESS) connect_failed(errno);
}

/* Connects every connection before the clock starts, CONNECT_WINDOW at a time. Each connect either completes,
 * fails or times out within the connect timeout, so this ends within ceil(K / window) timeouts. */
static void connect_all(void) {
  long k = T.cfg.connections, next = 0, pending = 0, connected = 0, oldest = 0;
  int64_t timeout = T.cfg.connect_timeout_ms * NS_PER_MS;
  struct epoll_event events[MAX_EVENTS];
  while (connected < k) {
    for (; next < k && pending < CONNECT_WINDOW; next++, pending++) start_connect(&T.conns[next]);
    while (oldest < next && T.conns[oldest].state != CONNECTING) oldest++;
    int64_t now = now_ns();
    if (now >= T.conns[oldest].connect_at + timeout) {
      fail_run("ETIMEDOUT", "connect to %s:%ld timed out after %ld ms", T.cfg.host, T.cfg.port, T.cfg.connect_timeout_ms);
    }
    int n = epoll_wait(T.ep, events, MAX_EVENTS, ms_until(T.conns[oldest].connect_at + timeout, now));
    if (n < 0 && errno != EINTR) connect_failed(errno);
    for (int i = 0; i < n; i++) {
      Conn *c = &T.conns[events[i].data.u64];
      /* A connection already made that the server resets meanwhile is the trial's to count, not a failed connect. */
      if (c->state != CONNECTING) continue;
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0) connect_failed(err);
      if (!(events[i].events & EPOLLOUT)) continue;
      struct epoll_event ev = {.events = EPOLLIN, .data.u64 = events[i].data.u64};
      epoll_ctl(T.ep, EPOLL_CTL_MOD, c->fd, &ev);
      c->state = READY;
      pending--;
      connected++;
    }
  }
}

static void open_samples(void) {
  T.samples_fd = -1;
  if (!T.cfg.samples_path) return;
  T.samples_fd = open(T.cfg.samples_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (T.samples_fd < 0) fail_run("SAMPLES", "cannot write the samples to %s: %s", T.cfg.samples_path, strerror(errno));
}

/* ------------------------------------------------------------------------------------------------------------ */
/* The trial */

static void run_trial(void) {
  struct epoll_event events[MAX_EVENTS];
  int64_t hard_end = T.deadline + T.cfg.stall_grace_ms * NS_PER_MS;
  if (T.cfg.rate > 0) {
    run_schedule();
  } else {
    for (long i = 0; i < T.cfg.connections; i++) {
      int64_t now = now_ns();
      send_message(&T.conns[i], now, now);
    }
  }
  /* Bounded by time: every pass waits at most until hard_end, and the loop leaves once it has passed. */
  while (T.live > 0) {
    int64_t before = now_ns();
    if (before >= hard_end) break;
    int n = epoll_wait(T.ep, events, MAX_EVENTS, ms_until(hard_end, before));
    T.idle_ns += now_ns() - before;
    T.waits++;
    for (int i = 0; i < n; i++) {
      if (events[i].data.u64 == TIMER_TAG) {
        uint64_t expirations;
        if (read(T.timer_fd, &expirations, sizeof expirations) < 0) { /* EAGAIN: a stale wake-up, harmless */
        }
        run_schedule();
        continue;
      }
      Conn *c = &T.conns[events[i].data.u64];
      if (c->state == DONE) continue; /* closed earlier in this batch */
      /* A pending error or hang-up shows up as read()'s result, so the reading path handles every outcome. */
      if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) on_readable(c);
      if (c->state == BUSY && (events[i].events & EPOLLOUT)) write_some(c);
    }
  }
  for (long i = 0; i < T.cfg.connections; i++) {
    Conn *c = &T.conns[i];
    if (c->state == DONE) continue;
    if (c->state == READY) { /* waiting for a slot: only a generator descheduled for the whole grace gets here */
      finish(c);
      continue;
    }
    count_error("STALLED", "connection %ld: no complete reply within %ld ms after the deadline", i, T.cfg.stall_grace_ms);
    close_conn(c);
  }
}

static double ms_of(struct timeval tv) {
  return (double)tv.tv_sec * 1000.0 + (double)tv.tv_usec / 1000.0;
}

static void print_summary(double elapsed_ms, struct rusage *before, struct rusage *after) {
  printf("{\"ok\":true,\"messages\":%llu,\"elapsedMs\":%.3f,\"mismatches\":%llu,\"errors\":{", (unsigned long long)T.messages, elapsed_ms,
         (unsigned long long)T.mismatches);
  for (int i = 0; i < T.nerrors; i++) {
    if (i > 0) putchar(',');
    json_string(T.errors[i].name);
    printf(":%llu", (unsigned long long)T.errors[i].count);
  }
  putchar('}');
  if (T.first_problem[0]) {
    printf(",\"firstProblem\":");
    json_string(T.first_problem);
  }
  printf(",\"cpuUserMs\":%.3f,\"cpuSystemMs\":%.3f,\"peakRssKiB\":%ld,\"loopUtilization\":%.4f", ms_of(after->ru_utime) - ms_of(before->ru_utime),
         ms_of(after->ru_stime) - ms_of(before->ru_stime), after->ru_maxrss,
         elapsed_ms > 0 ? 1.0 - (double)T.idle_ns / (elapsed_ms * 1e6) : 0.0);
  printf(",\"contextSwitches\":{\"voluntary\":%ld,\"involuntary\":%ld}", after->ru_nvcsw - before->ru_nvcsw, after->ru_nivcsw - before->ru_nivcsw);
  printf(",\"syscalls\":{\"reads\":%llu,\"writes\":%llu,\"waits\":%llu}", (unsigned long long)T.reads, (unsigned long long)T.writes,
         (unsigned long long)T.waits);
  printf(",\"samples\":{\"values\":%llu,\"perMessage\":%d}", (unsigned long long)T.samples_written, T.cfg.rate > 0 ? 2 : 1);
  printf(",\"pattern\":{\"writeChunk\":%ld,\"readBuffer\":%ld},", T.cfg.write_chunk, T.cfg.read_buffer);
  print_fd_limit(T.cfg.connections + SPARE_FDS);
  if (T.cfg.rate > 0) {
    printf(",\"openLoop\":{\"rate\":%.6g,\"scheduled\":%llu,\"late\":%llu,\"dropped\":%llu,\"maxSendLagUs\":%lld}", T.cfg.rate,
           (unsigned long long)T.scheduled, (unsigned long long)T.late, (unsigned long long)T.dropped, (long long)(T.max_lag / 1000));
  }
  printf("}\n");
}

int main(int argc, char **argv) {
  parse_args(&T.cfg, argc, argv);
  /* A trial never outlives the harness process that started it. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  ensure_fd_limit();

  size_t size = (size_t)T.cfg.size;
  T.pattern = malloc(size + PATTERN_PERIOD);
  T.rbuf = malloc((size_t)T.cfg.read_buffer);
  T.conns = calloc((size_t)T.cfg.connections, sizeof *T.conns);
  if (!T.pattern || !T.rbuf || !T.conns) fail_run("ENOMEM", "out of memory for %ld connections of %ld bytes", T.cfg.connections, T.cfg.size);
  for (size_t i = 0; i < size + PATTERN_PERIOD; i++) T.pattern[i] = (uint8_t)(i % PATTERN_PERIOD);
  T.ep = epoll_create1(EPOLL_CLOEXEC);
  if (T.ep < 0) fail_run("EPOLL", "epoll_create1: %s", strerror(errno));
  T.live = T.cfg.connections;
  connect_all();
  open_samples();
  if (T.cfg.rate > 0) {
    T.ns_per_slot = 1e9 / T.cfg.rate;
    T.timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = TIMER_TAG};
    if (T.timer_fd < 0 || epoll_ctl(T.ep, EPOLL_CTL_ADD, T.timer_fd, &ev) != 0) fail_run("TIMER", "timerfd: %s", strerror(errno));
    for (long c = 0; c < T.cfg.connections; c++) T.scheduled += slots_before_deadline(c);
  }

  /* Connection set-up is not part of the measurement: the clock and the CPU count start here. */
  struct rusage before, after;
  getrusage(RUSAGE_SELF, &before);
  T.t0 = now_ns();
  T.deadline = T.t0 + T.cfg.duration_ms * NS_PER_MS;
  run_trial();
  double elapsed_ms = (double)(now_ns() - T.t0) / 1e6;
  getrusage(RUSAGE_SELF, &after);

  if (T.samples_fd >= 0) {
    flush_samples();
    if (T.samples_errno != 0 || close(T.samples_fd) != 0) {
      fail_run("SAMPLES", "writing the samples to %s failed: %s", T.cfg.samples_path, strerror(T.samples_errno ? T.samples_errno : errno));
    }
  }
  print_summary(elapsed_ms, &before, &after);
  return 0;
}
