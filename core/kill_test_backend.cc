// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// KillTestBackend.

#include "core/kill_test_backend.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace pm::kill_testing {

FakeProcess& FakeWorld::Add(Pid pid, Pid ppid, const std::string& name, Uid uid,
                            Reaction reaction) {
  FakeProcess& p = processes[pid];
  p.info.pid = pid;
  p.info.ppid = ppid;
  p.info.name = name;
  p.info.cmdline = {name};
  p.info.uid = uid;
  p.info.user = absl::StrCat("user", uid);
  p.info.start_token = static_cast<uint64_t>(pid) * 1000;
  p.reaction = reaction;
  return p;
}

Socket& FakeWorld::Listen(uint16_t port, std::vector<Pid> owners,
                          Protocol protocol) {
  Socket s;
  s.protocol = protocol;
  s.local = Endpoint{*IpAddress::Parse("127.0.0.1"), port};
  s.remote = Endpoint{*IpAddress::Parse("0.0.0.0"), 0};
  s.state = protocol == Protocol::kTcp ? SocketState::kListen
                                       : SocketState::kUnconnected;
  std::sort(owners.begin(), owners.end());
  s.owners = std::move(owners);
  s.owner_visibility = OwnerVisibility::kVisible;
  sockets.push_back(std::move(s));
  return sockets.back();
}

class KillTestBackend::Parts : public PortProber,
                               public ProcessDiscovery,
                               public ProcessTerminator {
 public:
  explicit Parts(FakeWorld& world) : world_(world) {}

  absl::StatusOr<std::vector<Socket>> ListSockets(
      const SocketQuery& query) override {
    std::vector<Socket> result;
    for (const Socket& s : world_.sockets) {
      if (!SocketMatches(query, s)) continue;
      Socket copy = s;
      copy.owners.erase(
          std::remove_if(copy.owners.begin(), copy.owners.end(),
                         [&](Pid pid) { return !world_.Running(pid); }),
          copy.owners.end());
      if (copy.owner_visibility == OwnerVisibility::kVisible &&
          copy.owners.empty()) {
        continue;  // Every holder exited: the socket is closed.
      }
      if (!query.with_owners) {
        copy.owners.clear();
        copy.owner_visibility = OwnerVisibility::kNotResolved;
      }
      result.push_back(std::move(copy));
    }
    return result;
  }

  absl::StatusOr<BindOutcome> ProbeBind(Protocol protocol,
                                        const Endpoint& local) override {
    world_.probed.emplace_back(protocol, local);
    return world_.probe;
  }

  absl::StatusOr<ProcessInfo> GetProcess(Pid pid) override {
    auto it = world_.processes.find(pid);
    if (it == world_.processes.end()) {
      return absl::NotFoundError(absl::StrCat("process ", pid, " not found"));
    }
    return it->second.info;
  }

  absl::StatusOr<std::vector<ProcessInfo>> ListProcesses() override {
    std::vector<ProcessInfo> all;
    for (const auto& [pid, p] : world_.processes) all.push_back(p.info);
    return all;  // std::map: sorted by PID.
  }

  absl::Status Signal(const ProcessIdentity& target,
                      TerminationSignal signal) override {
    auto it = world_.processes.find(target.pid);
    if (it == world_.processes.end()) {
      return absl::NotFoundError(absl::StrCat("pid ", target.pid, " exited"));
    }
    FakeProcess& p = it->second;
    if (p.info.start_token != target.start_token) {
      return absl::FailedPreconditionError(
          absl::StrCat("pid ", target.pid, " was reused"));
    }
    if (p.reaction == Reaction::kDenied) {
      return absl::PermissionDeniedError(
          absl::StrCat("kill pid ", target.pid, " (", p.info.name, "): EPERM"));
    }
    world_.sent.push_back({target.pid, signal});
    const bool exits = p.reaction == Reaction::kExitOnAny ||
                       (p.reaction == Reaction::kIgnoreTerm &&
                        signal == TerminationSignal::kKill);
    if (exits) {
      world_.processes.erase(it);
      world_.exited.push_back(target.pid);
      if (world_.on_exit) world_.on_exit(world_, target.pid);
    }
    return absl::OkStatus();
  }

  absl::Status WaitForExit(const ProcessIdentity& target,
                           absl::Time deadline) override {
    auto it = world_.processes.find(target.pid);
    if (it == world_.processes.end() ||
        it->second.info.start_token != target.start_token) {
      return absl::OkStatus();
    }
    return absl::DeadlineExceededError(
        absl::StrCat("pid ", target.pid, " still running"));
  }

 private:
  FakeWorld& world_;
};

KillTestBackend::KillTestBackend(std::shared_ptr<FakeWorld> world)
    : world_(std::move(world)), parts_(std::make_unique<Parts>(*world_)) {}

KillTestBackend::~KillTestBackend() = default;

PortProber& KillTestBackend::ports() { return *parts_; }
ProcessDiscovery& KillTestBackend::processes() { return *parts_; }
ProcessTerminator& KillTestBackend::terminator() { return *parts_; }

absl::StatusOr<CallerInfo> KillTestBackend::Caller() {
  if (!world_->caller_error.ok()) return world_->caller_error;
  return world_->caller;
}

}  // namespace pm::kill_testing
