// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// load_generator: N processes x M listening TCP sockets on 127.0.0.1, the load
// that benchmarks/compare.sh measures pm, ss, lsof and fuser on.
//
// One of the N processes (the "owner") holds the probed port as its first
// socket; it is forked first (oldest) or last (newest). When run as root, the
// owner and the other processes can drop to given uids before they open their
// sockets, so the sockets belong to those uids. Every process also holds
// --extra_fds descriptors on /dev/null, so fd tables are not only sockets.
//
// When every process is ready, prints one line on stdout (or --ready_file):
//   ready port=41234 owner_pid=5012 processes=300 sockets=6000 ...
// then waits for SIGTERM, SIGINT or SIGHUP, kills and reaps every process and
// exits 0. The processes also die with the generator (PR_SET_PDEATHSIG).
//
// Example: load_generator --processes=300 --sockets=20 --owner=last

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"

ABSL_FLAG(int, processes, 300, "Number of processes (N).");
ABSL_FLAG(int, sockets, 20, "Listening TCP sockets per process (M).");
ABSL_FLAG(std::string, owner, "last",
          "Which process holds the probed port: 'first' (forked first, the "
          "oldest) or 'last' (forked last, the newest).");
ABSL_FLAG(int, port, 0,
          "The probed port; 0 gives the owner's first socket the port its "
          "index selects (see --base_port).");
ABSL_FLAG(int, base_port, 10000,
          "Process i binds ports base_port + i*M ... + M-1 (below the "
          "ephemeral range, so 20,000 binds stay cheap); a port that is taken "
          "is replaced by one the kernel picks. 0: let the kernel pick all.");
ABSL_FLAG(int, owner_uid, -1,
          "Run the owner as this uid (and gid), -1 to keep ours. Root only.");
ABSL_FLAG(int, others_uid, -1,
          "Run the other processes as this uid (and gid), -1 to keep ours. "
          "Root only.");
ABSL_FLAG(int, extra_fds, 5,
          "Descriptors on /dev/null each process holds besides its sockets.");
ABSL_FLAG(std::string, ready_file, "",
          "Write the ready line to this file instead of stdout.");

namespace pm::bench {
namespace {

// What a child reports through the ready pipe (one atomic write).
struct Report {
  int index;
  pid_t pid;
  int port;   // Its first socket's port.
  int error;  // errno of the failing step, 0 when ready.
  char step[32];
};

void SendReport(int fd, const Report& report) {
  ssize_t n;
  do {
    n = write(fd, &report, sizeof(report));
  } while (n < 0 && errno == EINTR);
}

// Opens one listening socket on 127.0.0.1:port; returns its port or -errno.
int Listen(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -errno;
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      listen(fd, 16) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const int error = errno;
    close(fd);
    return -error;
  }
  return ntohs(address.sin_port);
}

// The body of one load process; never returns.
[[noreturn]] void RunChild(int index, bool is_owner, int report_fd,
                           pid_t parent) {
  Report report{};
  report.index = index;
  report.pid = getpid();
  auto fail = [&](const char* step, int error) {
    report.error = error;
    std::snprintf(report.step, sizeof(report.step), "%s", step);
    SendReport(report_fd, report);
    _exit(1);
  };
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail("prctl", errno);
  if (getppid() != parent) _exit(1);  // The generator died before prctl.
  const int uid = is_owner ? absl::GetFlag(FLAGS_owner_uid)
                           : absl::GetFlag(FLAGS_others_uid);
  if (uid >= 0) {
    // Why: a socket belongs to the fsuid that created it, so drop first.
    if (setgroups(0, nullptr) != 0) fail("setgroups", errno);
    if (setgid(static_cast<gid_t>(uid)) != 0) fail("setgid", errno);
    if (setuid(static_cast<uid_t>(uid)) != 0) fail("setuid", errno);
    // Why: setuid() clears the dumpable flag, which makes /proc/<pid> owned
    // by root; a daemon started as that user (setuid, then exec) is dumpable
    // and its /proc/<pid> is its own, as here.
    if (prctl(PR_SET_DUMPABLE, 1) != 0) fail("prctl(PR_SET_DUMPABLE)", errno);
  }
  for (int i = 0; i < absl::GetFlag(FLAGS_extra_fds); ++i) {
    if (open("/dev/null", O_RDONLY) < 0) fail("open(/dev/null)", errno);
  }
  // Why explicit ports: with thousands of sockets already bound, a bind to
  // port 0 searches the ephemeral range for a free port, so 20,000 of them
  // cost seconds of CPU and distort the load average the benchmark reports.
  const int m = absl::GetFlag(FLAGS_sockets);
  const int base = absl::GetFlag(FLAGS_base_port);
  for (int i = 0; i < m; ++i) {
    int wanted =
        base > 0 && base + index * m + i < 65536 ? base + index * m + i : 0;
    if (is_owner && i == 0 && absl::GetFlag(FLAGS_port) != 0) {
      wanted = absl::GetFlag(FLAGS_port);
    }
    int port = Listen(wanted);
    if (port == -EADDRINUSE && wanted != absl::GetFlag(FLAGS_port)) {
      port = Listen(0);
    }
    if (port < 0) fail("socket/bind/listen", -port);
    if (i == 0) report.port = port;
  }
  SendReport(report_fd, report);
  close(report_fd);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  while (true) pause();
}

int Main() {
  const int n = absl::GetFlag(FLAGS_processes);
  const std::string owner = absl::GetFlag(FLAGS_owner);
  if (n < 1 || absl::GetFlag(FLAGS_sockets) < 1 ||
      (owner != "first" && owner != "last")) {
    std::fprintf(stderr,
                 "load_generator: need --processes >= 1, --sockets >= 1 and "
                 "--owner=first|last\n");
    return 2;
  }
  const int owner_index = owner == "first" ? 0 : n - 1;

  // The generator waits for these; the children unblock them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGHUP);
  sigprocmask(SIG_BLOCK, &stop, nullptr);

  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    std::perror("load_generator: pipe2");
    return 1;
  }
  const pid_t self = getpid();
  std::vector<pid_t> children;
  for (int i = 0; i < n; ++i) {
    const pid_t pid = fork();
    if (pid < 0) {
      std::perror("load_generator: fork");
      break;
    }
    if (pid == 0) {
      close(pipe_fds[0]);
      RunChild(i, i == owner_index, pipe_fds[1], self);
    }
    children.push_back(pid);
  }
  close(pipe_fds[1]);

  int ready = 0;
  int failed = 0;
  Report owner_report{};
  for (Report report; ready + failed < static_cast<int>(children.size());) {
    const ssize_t got = read(pipe_fds[0], &report, sizeof(report));
    if (got < 0 && errno == EINTR) continue;
    if (got != static_cast<ssize_t>(sizeof(report))) break;  // All exited.
    if (report.error != 0) {
      std::fprintf(stderr, "load_generator: process %d: %s: %s\n", report.index,
                   report.step, std::strerror(report.error));
      ++failed;
      continue;
    }
    if (report.index == owner_index) owner_report = report;
    ++ready;
  }
  close(pipe_fds[0]);

  int status = 0;
  if (ready == n && failed == 0) {
    char line[256];
    std::snprintf(line, sizeof(line),
                  "ready port=%d owner_pid=%d processes=%d sockets=%d "
                  "owner=%s first_pid=%d last_pid=%d generator_pid=%d\n",
                  owner_report.port, static_cast<int>(owner_report.pid), n,
                  n * absl::GetFlag(FLAGS_sockets), owner.c_str(),
                  static_cast<int>(children.front()),
                  static_cast<int>(children.back()), static_cast<int>(self));
    const std::string ready_file = absl::GetFlag(FLAGS_ready_file);
    FILE* out =
        ready_file.empty() ? stdout : std::fopen(ready_file.c_str(), "w");
    if (out == nullptr) {
      std::perror("load_generator: --ready_file");
      status = 1;
    } else {
      std::fputs(line, out);
      std::fflush(out);
      if (out != stdout) std::fclose(out);
      int signal_number = 0;
      sigwait(&stop, &signal_number);
    }
  } else {
    std::fprintf(stderr, "load_generator: %d of %d processes ready\n", ready,
                 n);
    status = 1;
  }
  for (pid_t pid : children) kill(pid, SIGKILL);
  for (pid_t pid : children) {
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  return status;
}

}  // namespace
}  // namespace pm::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return pm::bench::Main();
}
