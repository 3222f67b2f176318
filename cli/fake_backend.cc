// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// FakeBackend.

#include "cli/fake_backend.h"

#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"

namespace pm::cli {

class FakeBackend::Prober : public PortProber {
 public:
  explicit Prober(std::shared_ptr<FakeTables> tables)
      : tables_(std::move(tables)) {}
  absl::StatusOr<std::vector<Socket>> ListSockets(
      const SocketQuery& query) override {
    tables_->queries.push_back(query);
    if (!tables_->list_error.ok()) return tables_->list_error;
    std::vector<Socket> result;
    for (const Socket& socket : tables_->sockets) {
      if (SocketMatches(query, socket)) result.push_back(socket);
    }
    return result;
  }

 private:
  std::shared_ptr<FakeTables> tables_;
};

class FakeBackend::Discovery : public ProcessDiscovery {
 public:
  explicit Discovery(std::shared_ptr<FakeTables> tables)
      : tables_(std::move(tables)) {}
  absl::StatusOr<ProcessInfo> GetProcess(Pid pid) override {
    tables_->lookups.push_back(pid);
    auto it = tables_->processes.find(pid);
    if (it == tables_->processes.end()) {
      return absl::NotFoundError(absl::StrCat("no process ", pid));
    }
    return it->second;
  }
  absl::StatusOr<std::vector<ProcessInfo>> ListProcesses() override {
    std::vector<ProcessInfo> all;
    for (const auto& [pid, info] : tables_->processes) {
      if (info.ok()) all.push_back(*info);
    }
    return all;
  }

 private:
  std::shared_ptr<FakeTables> tables_;
};

class FakeBackend::Terminator : public ProcessTerminator {
 public:
  absl::Status Signal(const ProcessIdentity&, TerminationSignal) override {
    return absl::UnimplementedError("FakeBackend does not signal");
  }
  absl::Status WaitForExit(const ProcessIdentity&, absl::Time) override {
    return absl::UnimplementedError("FakeBackend does not wait");
  }
};

FakeBackend::FakeBackend(std::shared_ptr<FakeTables> tables)
    : prober_(std::make_unique<Prober>(tables)),
      discovery_(std::make_unique<Discovery>(tables)),
      terminator_(std::make_unique<Terminator>()) {}

FakeBackend::~FakeBackend() = default;

PortProber& FakeBackend::ports() { return *prober_; }
ProcessDiscovery& FakeBackend::processes() { return *discovery_; }
ProcessTerminator& FakeBackend::terminator() { return *terminator_; }

std::function<absl::StatusOr<std::unique_ptr<Backend>>()> FakeBackendFactory(
    std::shared_ptr<FakeTables> tables) {
  return [tables]() -> absl::StatusOr<std::unique_ptr<Backend>> {
    ++tables->backends_created;
    return std::unique_ptr<Backend>(std::make_unique<FakeBackend>(tables));
  };
}

}  // namespace pm::cli
