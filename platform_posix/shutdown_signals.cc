// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// InstallSignalHandlers on POSIX: a self-pipe written by the signal handler
// and read by a watcher thread that runs the shutdown handlers.

#include "core/shutdown_signals.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "platform_posix/scoped_fd.h"

namespace pm {
namespace {

constexpr int kSignals[] = {SIGTERM, SIGINT, SIGHUP};
constexpr int kSignalCount = sizeof(kSignals) / sizeof(kSignals[0]);
constexpr unsigned char kStopByte = 0;  // No signal has number 0.

// Why: the signal handler may only touch lock-free atomics (and call
// async-signal-safe functions: write, _exit).
static_assert(std::atomic<int>::is_always_lock_free, "need lock-free int");
std::atomic<int> g_write_fd{-1};
std::atomic<int> g_signals_seen{0};

std::mutex g_install_mu;
bool g_installed = false;  // Guarded by g_install_mu.

extern "C" void OnShutdownSignal(int signal_number) {
  if (g_signals_seen.fetch_add(1) > 0) _exit(128 + signal_number);
  int saved_errno = errno;
  unsigned char byte = static_cast<unsigned char>(signal_number);
  int fd = g_write_fd.load();
  if (fd >= 0) {
    ssize_t written = write(fd, &byte, 1);
    (void)written;  // The pipe is empty: it was never written before.
  }
  errno = saved_errno;
}

// ShutdownSignalOptions' default completion: report, then die by the signal.
void DieBySignal(int signal_number, const absl::Status& status) {
  if (!status.ok()) {
    std::string line = absl::StrCat("pm: shutdown: ", status.ToString(), "\n");
    ssize_t written = write(STDERR_FILENO, line.data(), line.size());
    (void)written;  // Nothing else can be done about a failing stderr.
  }
  struct sigaction action = {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  sigaction(signal_number, &action, nullptr);
  sigset_t unblock;
  sigemptyset(&unblock);
  sigaddset(&unblock, signal_number);
  pthread_sigmask(SIG_UNBLOCK, &unblock, nullptr);
  raise(signal_number);
  _exit(128 + signal_number);  // Only if the signal did not end the process.
}

class PosixShutdownSignalWatch final : public ShutdownSignalWatch {
 public:
  PosixShutdownSignalWatch(ShutdownHandlers& handlers,
                           ShutdownSignalOptions options,
                           std::pair<posix::ScopedFd, posix::ScopedFd> pipe)
      : handlers_(handlers),
        options_(std::move(options)),
        pipe_(std::move(pipe)) {}

  // Installs the signal handlers and starts the watcher thread.
  absl::Status Start() {
    g_signals_seen.store(0);
    g_write_fd.store(pipe_.second.get());
    thread_ = std::thread([this] { Watch(); });
    struct sigaction action = {};
    action.sa_handler = OnShutdownSignal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (int s : kSignals) sigaddset(&action.sa_mask, s);
    for (int i = 0; i < kSignalCount; ++i) {
      if (sigaction(kSignals[i], &action, &previous_[i]) != 0) {
        return posix::ErrnoError("sigaction",
                                 absl::StrCat("signal ", kSignals[i]));
      }
      installed_ = i + 1;
    }
    return absl::OkStatus();
  }

  ~PosixShutdownSignalWatch() override {
    for (int i = 0; i < installed_; ++i) {
      sigaction(kSignals[i], &previous_[i], nullptr);
    }
    g_write_fd.store(-1);
    if (thread_.joinable()) {
      unsigned char stop = kStopByte;
      while (write(pipe_.second.get(), &stop, 1) < 0 && errno == EINTR) {
      }
      thread_.join();
    }
    g_signals_seen.store(0);
    std::lock_guard<std::mutex> lock(g_install_mu);
    g_installed = false;
  }

 private:
  void Watch() {
    while (true) {
      struct pollfd p = {pipe_.first.get(), POLLIN, 0};
      if (poll(&p, 1, -1) < 0) {
        if (errno == EINTR) continue;
        return;
      }
      unsigned char byte = kStopByte;
      ssize_t n = read(pipe_.first.get(), &byte, 1);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n != 1 || byte == kStopByte) return;
      absl::Status status = handlers_.RunAll();
      if (options_.on_complete) {
        options_.on_complete(byte, status);
      } else {
        DieBySignal(byte, status);
      }
    }
  }

  ShutdownHandlers& handlers_;
  const ShutdownSignalOptions options_;
  std::pair<posix::ScopedFd, posix::ScopedFd> pipe_;  // {read, write}
  struct sigaction previous_[kSignalCount] = {};
  int installed_ = 0;
  std::thread thread_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ShutdownSignalWatch>> InstallSignalHandlers(
    ShutdownHandlers& handlers, ShutdownSignalOptions options) {
  {
    std::lock_guard<std::mutex> lock(g_install_mu);
    if (g_installed) {
      return absl::FailedPreconditionError(
          "shutdown signal handlers are already installed in this process");
    }
    g_installed = true;
  }
  absl::StatusOr<std::pair<posix::ScopedFd, posix::ScopedFd>> pipe =
      posix::MakeNonBlockingPipe();
  if (!pipe.ok()) {
    std::lock_guard<std::mutex> lock(g_install_mu);
    g_installed = false;
    return pipe.status();
  }
  auto watch = std::make_unique<PosixShutdownSignalWatch>(
      handlers, std::move(options), *std::move(pipe));
  absl::Status started = watch->Start();
  if (!started.ok()) return started;  // ~watch uninstalls.
  return std::unique_ptr<ShutdownSignalWatch>(std::move(watch));
}

}  // namespace pm
