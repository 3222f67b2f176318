// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// process_manager_example: a complete program using pm::ProcessManager, the
// lifecycle service a backend links. It
//   1. enforces a single instance (a second start hands its argv to the first
//      and exits 0),
//   2. registers a managed port and frees it from leftovers of earlier runs of
//      this program (CleanupOnStartup; foreign holders are only reported),
//   3. serves "hello\n" to every TCP connection on 127.0.0.1:PORT,
//   4. installs shutdown handlers and exits 0 on SIGTERM, SIGINT or SIGHUP
//      after closing the listener (a second signal exits at once).
//
//   bazel run //examples:process_manager_example -- --port 8765
//   curl -s 127.0.0.1:8765          # hello
//   pm status --config F            # F:
//   {"app":"pm-example","ports":[{"port":8765}]} kill -TERM <pid> # "shutdown
//   complete", exit status 0
//
// Flags: --port N (default 0: any free port), --app NAME (default
// pm-example), --ready-file PATH (written with "PORT\n" once listening).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/process_manager.h"

namespace {

// A TCP listener on 127.0.0.1 answering "hello\n", on a thread of its own.
class HelloServer {
 public:
  ~HelloServer() { (void)Stop(); }

  absl::Status Start(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return Errno("socket");
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      return Errno(absl::StrCat("bind(127.0.0.1:", port, ")"));
    }
    if (listen(fd_, 16) != 0) return Errno("listen");
    socklen_t len = sizeof(addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
    return absl::OkStatus();
  }

  // Stops accepting, waits for the thread and closes the socket.
  absl::Status Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
    return absl::OkStatus();
  }

  uint16_t port() const { return port_; }

 private:
  static absl::Status Errno(const std::string& call) {
    return absl::InternalError(absl::StrCat(call, ": ", std::strerror(errno)));
  }

  void Serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;  // Re-check stop_ every 100 ms.
      int client = accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      static const char kHello[] = "hello\n";
      (void)!write(client, kHello, sizeof(kHello) - 1);
      close(client);
    }
  }

  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

int Fail(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "process_manager_example: %s: %s\n", what.c_str(),
               status.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  uint16_t port = 0;
  std::string app = "pm-example";
  std::string ready_file;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    uint32_t value = 0;
    if (flag == "--port" && absl::SimpleAtoi(argv[i + 1], &value) &&
        value <= 65535) {
      port = static_cast<uint16_t>(value);
    } else if (flag == "--app") {
      app = argv[i + 1];
    } else if (flag == "--ready-file") {
      ready_file = argv[i + 1];
    } else {
      std::fprintf(stderr,
                   "usage: %s [--port N] [--app NAME] "
                   "[--ready-file PATH]\n",
                   argv[0]);
      return 2;
    }
  }

  // A library would use pm::ProcessManager::Default(); main owns its manager
  // so that returning releases the lock and removes its socket.
  absl::StatusOr<std::unique_ptr<pm::ProcessManager>> manager =
      pm::ProcessManager::Create();
  if (!manager.ok()) return Fail("ProcessManager", manager.status());
  pm::ProcessManager& pm = **manager;

  // 1. Single instance: a second start is told who runs and exits.
  pm.OnSecondInstance([](const pm::SecondInstanceRequest& request) {
    std::printf("second instance: pid %lld, %zu args\n",
                static_cast<long long>(request.pid), request.argv.size());
    std::fflush(stdout);
    return std::string("already running");
  });
  absl::StatusOr<bool> first = pm.EnforceSingleInstance(
      app, "", std::vector<std::string>(argv, argv + argc));
  if (!first.ok()) return Fail("EnforceSingleInstance", first.status());
  if (!*first) {
    std::printf("another instance of %s is running; it was notified\n",
                app.c_str());
    return 0;
  }

  // 2. The managed port, freed from leftovers of earlier runs of ours.
  if (port != 0) {
    (void)pm.RegisterManagedPort(port, "hello-server");
    pm::CleanupReport cleanup = pm.CleanupOnStartup(pm::CleanupPolicy());
    for (const pm::RefusedHolder& holder : cleanup.refused) {
      std::printf("port %d is held by pid %lld (%s), not ours: %s\n",
                  holder.port, static_cast<long long>(holder.pid),
                  holder.name.c_str(), holder.reason.c_str());
    }
  }

  // 3. The server.
  auto server = std::make_shared<HelloServer>();
  absl::Status started = server->Start(port);
  if (!started.ok()) return Fail("listen", started);
  if (port == 0) (void)pm.RegisterManagedPort(server->port(), "hello-server");

  // 4. Shutdown: handlers run on SIGTERM/SIGINT/SIGHUP, then main returns.
  // The handler holds a shared_ptr: an abandoned handler must not dangle.
  (void)pm.AddShutdownHandler(
      "stop hello server", [server] { return server->Stop(); },
      absl::Seconds(2));
  // Why a condition variable and not std::future: libstdc++'s future waits
  // in a raw futex syscall, where ThreadSanitizer defers the SIGTERM that the
  // kernel delivered to this thread, so the watcher never hears of it.
  struct Done {
    std::mutex mu;
    std::condition_variable cv;
    bool finished = false;
    absl::Status status;
  };
  auto done = std::make_shared<Done>();
  pm::ShutdownSignalOptions options;
  options.on_complete = [done](int, const absl::Status& status) {
    std::lock_guard<std::mutex> guard(done->mu);
    done->status = status;
    done->finished = true;
    done->cv.notify_all();
  };
  absl::Status installed = pm.InstallSignalHandlers(std::move(options));
  if (!installed.ok()) return Fail("InstallSignalHandlers", installed);

  std::printf("%s listening on 127.0.0.1:%d (pid %lld); send SIGTERM to stop\n",
              app.c_str(), server->port(),
              static_cast<long long>(pm.Status().pid));
  std::fflush(stdout);
  if (!ready_file.empty()) {  // Atomically: readers never see half of it.
    std::string temp = ready_file + ".tmp";
    std::ofstream(temp) << server->port() << "\n";
    std::rename(temp.c_str(), ready_file.c_str());
  }

  absl::Status shutdown;
  {
    std::unique_lock<std::mutex> lock(done->mu);
    done->cv.wait(lock, [&] { return done->finished; });
    shutdown = done->status;
  }
  if (!shutdown.ok()) return Fail("shutdown", shutdown);
  std::printf("shutdown complete\n");
  return 0;
}
