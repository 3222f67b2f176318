// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PortManager: configuration, allocation and release.

#include "core/port_manager.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "core/find_free_port.h"
#include "core/port_probe.h"
#include "core/status_macros.h"

namespace pm {

absl::StatusOr<std::unique_ptr<PortManager>> PortManager::Create(
    Backend& backend, PortManagerOptions options, std::unique_ptr<StateIo> io) {
  PM_RETURN_IF_ERROR(ValidateConfig(options.config));
  if (io == nullptr) io = CreateDefaultStateIo();
  std::unique_ptr<PortManager> manager(
      new PortManager(backend, std::move(options), std::move(io)));
  return manager;
}

PortManager::PortManager(Backend& backend, PortManagerOptions options,
                         std::unique_ptr<StateIo> io)
    : backend_(backend),
      io_(std::move(io)),
      store_(options.state_dir.empty()
                 ? NewMemoryAllocationStore()
                 : NewFileAllocationStore(options.state_dir, io_.get())),
      persistent_(options.persistent),
      config_(std::move(options.config)) {
  self_.pid = io_->CurrentProcessId();
  absl::StatusOr<ProcessInfo> me = backend_.processes().GetProcess(self_.pid);
  // Without a start token the PID alone identifies this process's records.
  if (me.ok()) self_.start_token = me->start_token;
}

PortManagerConfig PortManager::config() const {
  std::lock_guard<std::mutex> lock(mu_);
  return config_;
}

absl::Status PortManager::AddService(ServiceConfig service) {
  std::lock_guard<std::mutex> lock(mu_);
  PortManagerConfig next = config_;
  next.services.push_back(std::move(service));
  PM_RETURN_IF_ERROR(ValidateConfig(next));
  config_ = std::move(next);
  return absl::OkStatus();
}

bool PortManager::DropLapsed(std::vector<AllocationRecord>& records) {
  std::lock_guard<std::mutex> lock(backend_mu_);
  // Each distinct process is looked up once.
  std::map<std::pair<Pid, uint64_t>, bool> alive;
  auto is_alive = [&](const AllocationRecord& r) {
    if (r.persistent || r.pid == 0) return true;
    if (r.pid == self_.pid && r.start_token == self_.start_token) return true;
    auto [it, fresh] =
        alive.emplace(std::make_pair(r.pid, r.start_token), true);
    if (fresh) {
      absl::StatusOr<ProcessInfo> p = backend_.processes().GetProcess(r.pid);
      // A process this user cannot read is kept: it may well be alive.
      it->second =
          !absl::IsNotFound(p.status()) &&
          (!p.ok() || r.start_token == 0 || p->start_token == r.start_token);
    }
    return it->second;
  };
  const size_t before = records.size();
  records.erase(
      std::remove_if(records.begin(), records.end(),
                     [&](const AllocationRecord& r) { return !is_alive(r); }),
      records.end());
  return records.size() != before;
}

absl::StatusOr<std::vector<AllocationRecord>> PortManager::LiveRecords() {
  PM_ASSIGN_OR_RETURN(std::vector<AllocationRecord> records, store_->Load());
  DropLapsed(records);
  return records;
}

absl::StatusOr<std::optional<AllocationRecord>> PortManager::Choose(
    const ServiceConfig& service, const std::vector<AllocationRecord>& records,
    PortAllocation& result) {
  std::map<uint16_t, std::string> allocated;  // Port -> service, this protocol.
  for (const AllocationRecord& r : records) {
    if (r.protocol == service.protocol) allocated.emplace(r.port, r.service);
  }
  std::lock_guard<std::mutex> lock(backend_mu_);
  PortProber& prober = backend_.ports();
  uint16_t port = 0;
  std::string why;
  auto holder = allocated.find(service.default_port);
  if (holder != allocated.end()) {
    why = absl::StrCat("port ", service.default_port, " is allocated to ",
                       holder->second);
  } else {
    PM_ASSIGN_OR_RETURN(PortAvailability availability,
                        IsPortFree(prober, service.default_port, service.host,
                                   service.protocol));
    if (availability.free()) {
      port = service.default_port;
    } else {
      why = absl::StrCat("port ", service.default_port, " is in use");
    }
  }
  if (port == 0 && !service.range.has_value()) {
    result.status = AllocationStatus::kInUse;
    result.message =
        absl::StrCat(why, " and ", service.name, " has no fallback range");
    return std::optional<AllocationRecord>();
  }
  if (port == 0) {
    FindFreePortOptions options;
    options.host = service.host;
    options.protocol = service.protocol;
    options.exclude.insert(service.default_port);
    for (const auto& entry : allocated) options.exclude.insert(entry.first);
    absl::StatusOr<FreePort> found =
        FindFreePort(prober, service.range, options);
    if (absl::IsResourceExhausted(found.status())) {
      result.status = AllocationStatus::kInUse;
      result.message = absl::StrCat(why, "; ", found.status().message());
      return std::optional<AllocationRecord>();
    }
    if (!found.ok()) return found.status();
    port = found->port;
  }
  AllocationRecord record;
  record.service = service.name;
  record.port = port;
  record.requested_port = service.default_port;
  record.protocol = service.protocol;
  record.host = service.host;
  record.allocated_at = absl::Now();
  record.pid = self_.pid;
  record.start_token = self_.start_token;
  record.persistent = persistent_;
  result.status = AllocationStatus::kAllocated;
  result.allocated_port = port;
  result.message = port == service.default_port
                       ? absl::StrCat("allocated the default port ", port)
                       : absl::StrCat(why, "; allocated ", port, " from ",
                                      service.range->ToString());
  return std::optional<AllocationRecord>(std::move(record));
}

PortAllocation PortManager::Allocate(absl::string_view name) {
  PortAllocation result;
  result.service = std::string(name);
  std::optional<ServiceConfig> service;
  std::vector<std::string> known;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (const ServiceConfig* found = FindService(config_, name)) {
      service = *found;
    }
    for (const ServiceConfig& s : config_.services) known.push_back(s.name);
  }
  if (!service.has_value()) {
    result.message = absl::StrCat(
        "unknown service '", name, "' ",
        known.empty()
            ? std::string("(no services are configured)")
            : absl::StrCat("(configured: ", absl::StrJoin(known, ", "), ")"));
    return result;
  }
  result.requested_port = service->default_port;
  absl::Status stored = store_->Update(
      [&](std::vector<AllocationRecord>& records) -> absl::StatusOr<bool> {
        bool changed = DropLapsed(records);
        for (const AllocationRecord& r : records) {
          if (r.service != name) continue;
          result.status = AllocationStatus::kAllocated;
          result.allocated_port = r.port;
          result.message = absl::StrCat("already allocated: port ", r.port);
          return changed;
        }
        PM_ASSIGN_OR_RETURN(std::optional<AllocationRecord> record,
                            Choose(*service, records, result));
        if (!record.has_value()) return changed;
        records.push_back(*std::move(record));
        return true;
      });
  if (!stored.ok()) {
    result.status = AllocationStatus::kError;
    result.allocated_port = 0;
    result.message = std::string(stored.message());
  }
  return result;
}

std::vector<PortAllocation> PortManager::AllocateRequired() {
  std::vector<std::string> required;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const ServiceConfig& s : config_.services) {
      if (s.required) required.push_back(s.name);
    }
  }
  std::vector<PortAllocation> results;
  for (const std::string& name : required) results.push_back(Allocate(name));
  return results;
}

absl::StatusOr<uint16_t> PortManager::GetPort(absl::string_view service) {
  PM_ASSIGN_OR_RETURN(std::vector<AllocationRecord> records, LiveRecords());
  for (const AllocationRecord& r : records) {
    if (r.service == service) return r.port;
  }
  return absl::NotFoundError(
      absl::StrCat("service '", service, "' has no port allocated"));
}

absl::StatusOr<std::map<std::string, uint16_t>>
PortManager::GetAllocatedPorts() {
  PM_ASSIGN_OR_RETURN(std::vector<AllocationRecord> records, LiveRecords());
  std::map<std::string, uint16_t> ports;
  for (const AllocationRecord& r : records) ports[r.service] = r.port;
  return ports;
}

absl::StatusOr<std::vector<AllocationRecord>> PortManager::Allocations() {
  return LiveRecords();
}

absl::Status PortManager::Release(absl::string_view service) {
  return store_->Update(
      [&](std::vector<AllocationRecord>& records) -> absl::StatusOr<bool> {
        DropLapsed(records);
        for (auto it = records.begin(); it != records.end(); ++it) {
          if (it->service != service) continue;
          records.erase(it);
          return true;
        }
        return absl::NotFoundError(
            absl::StrCat("service '", service, "' has no port allocated"));
      });
}

absl::StatusOr<int> PortManager::ReleaseAll() {
  int released = 0;
  PM_RETURN_IF_ERROR(store_->Update(
      [&](std::vector<AllocationRecord>& records) -> absl::StatusOr<bool> {
        bool changed = DropLapsed(records);
        released = static_cast<int>(records.size());
        records.clear();
        return changed || released > 0;
      }));
  return released;
}

}  // namespace pm
