// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// IdentityOf, UnusedPort and TerminateAsAnotherUser (fork, setuid, a pipe).

#include "core/conformance/kill_conformance_util.h"

#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/terminate.h"
#include "gtest/gtest.h"

namespace pm::conformance {
namespace {

constexpr uid_t kNobody = 65534;

// "<code> <message>\n" with newlines in the message replaced by spaces.
std::string Encode(const absl::Status& status) {
  std::string message(status.message());
  for (char& c : message) {
    if (c == '\n') c = ' ';
  }
  return absl::StrCat(static_cast<int>(status.code()), " ", message, "\n");
}

absl::StatusOr<absl::Status> Decode(absl::string_view line) {
  std::vector<absl::string_view> parts =
      absl::StrSplit(line, absl::MaxSplits(' ', 1));
  int code = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &code)) {
    return absl::InternalError(absl::StrCat("bad report line '", line, "'"));
  }
  return absl::Status(static_cast<absl::StatusCode>(code), parts[1]);
}

// The forked side: drop privileges, terminate twice, report, exit.
[[noreturn]] void RunAsNobody(const BackendParam& param, Pid target, int fd) {
  std::string out;
  if (setgroups(0, nullptr) != 0 || setgid(kNobody) != 0 ||
      setuid(kNobody) != 0) {
    out = absl::StrCat("dropping privileges: ", std::strerror(errno));
  } else if (absl::StatusOr<std::unique_ptr<Backend>> backend = param.make();
             !backend.ok()) {
    out = absl::StrCat("backend: ", backend.status().ToString());
  } else if (absl::StatusOr<ProcessInfo> info =
                 (*backend)->processes().GetProcess(target);
             !info.ok()) {
    out = absl::StrCat("GetProcess: ", info.status().ToString());
  } else {
    TerminationPolicy policy;
    policy.grace = absl::Seconds(30);
    for (bool consent : {false, true}) {
      policy.allow_other_users = consent;
      absl::StatusOr<TerminationReport> report =
          Terminate(**backend, info->identity(), policy);
      if (!report.ok()) {
        out += Encode(report.status());
      } else if (report->processes.size() != 1) {
        out += Encode(absl::InternalError("not one result"));
      } else {
        out += Encode(report->processes[0].status);
      }
    }
  }
  const char* p = out.data();
  size_t left = out.size();
  while (left > 0) {
    const ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    p += n;
    left -= static_cast<size_t>(n);
  }
  _exit(0);
}

}  // namespace

ProcessIdentity IdentityOf(Backend& backend, Pid pid) {
  absl::StatusOr<ProcessInfo> info = backend.processes().GetProcess(pid);
  if (!info.ok()) {
    ADD_FAILURE() << "GetProcess(" << pid << "): " << info.status();
    return ProcessIdentity{pid, 0};
  }
  return info->identity();
}

absl::StatusOr<uint16_t> UnusedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError("socket()");
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(sin);
  const bool ok =
      bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len) == 0;
  close(fd);
  if (!ok) return absl::InternalError("bind(127.0.0.1:0)");
  return ntohs(sin.sin_port);
}

absl::StatusOr<OtherUserAttempt> TerminateAsAnotherUser(
    const BackendParam& param, Pid target) {
  if (getuid() != 0) {
    return absl::UnavailableError(
        "needs root, to drop to another user in a forked process");
  }
  int fds[2];
  if (pipe(fds) != 0) return absl::InternalError("pipe()");
  const pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork()");
  if (pid == 0) {
    close(fds[0]);
    RunAsNobody(param, target, fds[1]);
  }
  close(fds[1]);
  std::string text;
  char buf[1024];
  while (true) {
    const ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  std::vector<absl::string_view> lines =
      absl::StrSplit(text, '\n', absl::SkipEmpty());
  if (lines.size() != 2) {
    return absl::InternalError(absl::StrCat("as uid 65534: ", text));
  }
  OtherUserAttempt attempt;
  absl::StatusOr<absl::Status> without = Decode(lines[0]);
  absl::StatusOr<absl::Status> with = Decode(lines[1]);
  if (!without.ok()) return without.status();
  if (!with.ok()) return with.status();
  attempt.without_consent = *without;
  attempt.with_consent = *with;
  return attempt;
}

}  // namespace pm::conformance
