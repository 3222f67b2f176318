// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// End to end: runs the real //cli:pm binary (a runfile) as a child process
// against sockets this test opens itself, and checks its output and exit
// status.

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tools/cpp/runfiles/runfiles.h"

extern char** environ;

namespace pm::cli {
namespace {

using ::bazel::tools::cpp::runfiles::Runfiles;

struct ChildResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string PmPath() {
  std::string error;
  std::unique_ptr<Runfiles> runfiles(Runfiles::CreateForTest(&error));
  if (runfiles == nullptr) {
    ADD_FAILURE() << "runfiles: " << error;
    return "";
  }
  return runfiles->Rlocation("pm/cli/pm");
}

// Runs pm with `args`, collecting stdout and stderr through pipes.
ChildResult RunPmBinary(const std::vector<std::string>& args) {
  ChildResult result;
  std::string path = PmPath();
  int out_pipe[2];
  int err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) {
    ADD_FAILURE() << "pipe: " << std::strerror(errno);
    return result;
  }
  // The child gets the write ends through dup2 (which clears close-on-exec);
  // no other copy of either pipe may leak into it. (macOS has no pipe2.)
  for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
    fcntl(fd, F_SETFD, FD_CLOEXEC);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  std::vector<char*> argv = {const_cast<char*>(path.c_str())};
  for (const std::string& arg : args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  pid_t child = -1;
  int spawn_error = posix_spawn(&child, path.c_str(), &actions, nullptr,
                                argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawn_error != 0) {
    ADD_FAILURE() << "posix_spawn(" << path
                  << "): " << std::strerror(spawn_error);
    close(out_pipe[0]);
    close(err_pipe[0]);
    return result;
  }
  // Drain both pipes together so a child filling one never blocks.
  struct pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      ADD_FAILURE() << "poll: " << std::strerror(errno);
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[4096];
      ssize_t n = read(fds[i].fd, buffer, sizeof(buffer));
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// A TCP socket on 127.0.0.1 with a kernel-chosen port; listening if asked.
// Close-on-exec, so the pm child never holds it too.
class LoopbackSocket {
 public:
  explicit LoopbackSocket(bool listen_on_it) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    EXPECT_GE(fd_, 0) << "socket: " << std::strerror(errno);
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)),
              0)
        << "bind: " << std::strerror(errno);
    if (listen_on_it) {
      EXPECT_EQ(listen(fd_, 4), 0) << "listen: " << std::strerror(errno);
    }
    socklen_t length = sizeof(address);
    EXPECT_EQ(getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length),
              0);
    port_ = ntohs(address.sin_port);
  }
  ~LoopbackSocket() {
    if (fd_ >= 0) close(fd_);
  }
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;

  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

TEST(PmEndToEndTest, WhoPrintsThisProcessForItsListener) {
  LoopbackSocket listener(/*listen_on_it=*/true);
  ChildResult r = RunPmBinary({"who", absl::StrCat(listener.port())});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<std::string> lines =
      absl::StrSplit(r.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << r.out;
  std::vector<std::string> cells =
      absl::StrSplit(lines[1], ' ', absl::SkipEmpty());
  ASSERT_GE(cells.size(), 6u) << lines[1];
  EXPECT_EQ(cells[0], "tcp");
  EXPECT_EQ(cells[1], absl::StrCat("127.0.0.1:", listener.port()));
  EXPECT_EQ(cells[2], "LISTEN");
  EXPECT_EQ(cells[3], absl::StrCat(getpid()));
}

TEST(PmEndToEndTest, WhoExitsOneForAPortNobodyListensOn) {
  // Bound but not listening: the port is ours, so nobody else can take it
  // while pm looks, and it is not a listener.
  LoopbackSocket bound(/*listen_on_it=*/false);
  ChildResult r = RunPmBinary({"who", "--tcp", absl::StrCat(bound.port())});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            absl::StrCat("port ", bound.port(), ": nothing is listening\n"));
}

TEST(PmEndToEndTest, PortsJsonHoldsExactlyOurSocket) {
  LoopbackSocket listener(/*listen_on_it=*/true);
  ChildResult r =
      RunPmBinary({"ports", "--json", "--port", absl::StrCat(listener.port())});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  nlohmann::json doc = nlohmann::json::parse(r.out, nullptr,
                                             /*allow_exceptions=*/false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  ASSERT_EQ(doc["sockets"].size(), 1u) << r.out;
  const nlohmann::json& socket = doc["sockets"][0];
  EXPECT_EQ(socket["protocol"], "tcp");
  EXPECT_EQ(socket["family"], "ipv4");
  EXPECT_EQ(socket["local"]["address"], "127.0.0.1");
  EXPECT_EQ(socket["local"]["port"], listener.port());
  EXPECT_EQ(socket["state"], "LISTEN");
  EXPECT_EQ(socket["uid"], getuid());
  EXPECT_EQ(socket["owner_visibility"], "visible");
  ASSERT_EQ(socket["owners"].size(), 1u) << r.out;
  EXPECT_EQ(socket["owners"][0]["pid"], getpid());
  EXPECT_EQ(socket["owners"][0]["uid"], getuid());
  EXPECT_EQ(socket["owners"][0]["details_visible"], true);
}

TEST(PmEndToEndTest, BadPortIsAUsageError) {
  ChildResult r = RunPmBinary({"who", "70000"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "pm who: port 70000 is out of range: ports go from 1 to 65535\n");
}

TEST(PmEndToEndTest, NoSubcommandExitsTwo) {
  ChildResult r = RunPmBinary({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("Usage: pm"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace pm::cli
