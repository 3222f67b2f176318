// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PlanTermination: which processes a termination would signal, in which
// order, and which it would refuse.

#include <algorithm>
#include <deque>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "core/terminate.h"

namespace pm {
namespace {

using Target = TerminationPlan::Target;

GuardVerdict StaleIdentity(const ProcessIdentity& asked,
                           const ProcessInfo& now) {
  GuardVerdict verdict;
  verdict.refusal = Refusal::kStaleIdentity;
  verdict.status = absl::FailedPreconditionError(
      absl::StrCat("pid ", asked.pid, " now names another process (",
                   now.name.empty() ? "unnamed" : now.name, ", start token ",
                   now.start_token, ", not ", asked.start_token,
                   "): the PID was reused; nothing was sent"));
  return verdict;
}

// Orders targets so that every process comes before its parent: deeper in the
// forest of targets first, ties in planning order.
void OrderChildrenFirst(std::vector<Target>& targets) {
  absl::flat_hash_map<Pid, Pid> parent_of;
  for (const Target& t : targets) {
    if (t.process.pid > 0) parent_of[t.process.pid] = t.process.ppid;
  }
  std::vector<std::pair<size_t, size_t>> depth_index;
  for (size_t i = 0; i < targets.size(); ++i) {
    size_t depth = 0;
    Pid pid = targets[i].process.ppid;
    // Why: a ppid cycle cannot happen in a real table, but a table read
    // across PID reuse could fake one; the bound ends the walk anyway.
    while (pid > 0 && depth <= targets.size()) {
      auto it = parent_of.find(pid);
      if (it == parent_of.end()) break;
      ++depth;
      pid = it->second;
    }
    depth_index.emplace_back(depth, i);
  }
  std::stable_sort(
      depth_index.begin(), depth_index.end(),
      [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<Target> ordered;
  ordered.reserve(targets.size());
  for (const auto& [depth, i] : depth_index) {
    ordered.push_back(std::move(targets[i]));
  }
  targets = std::move(ordered);
}

}  // namespace

absl::StatusOr<TerminationPlan> PlanTermination(
    Backend& backend, absl::Span<const ProcessIdentity> targets,
    const TerminationPolicy& policy, const std::vector<ProcessInfo>* table) {
  absl::StatusOr<CallerInfo> caller = backend.Caller();
  if (!caller.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot tell which process is asking, so no process may "
                     "be signalled: ",
                     caller.status().message()));
  }
  std::vector<ProcessInfo> listed;
  if (table == nullptr) {
    PM_ASSIGN_OR_RETURN(listed, backend.processes().ListProcesses());
    table = &listed;
  }
  TerminationPlan plan;
  plan.guard =
      MakeGuardContextFromTable(*caller, *table, policy.allow_other_users);

  absl::flat_hash_map<Pid, const ProcessInfo*> by_pid;
  absl::flat_hash_map<Pid, std::vector<const ProcessInfo*>> children;
  for (const ProcessInfo& p : *table) {
    by_pid[p.pid] = &p;
    children[p.ppid].push_back(&p);
  }

  absl::flat_hash_set<Pid> planned;
  for (const ProcessIdentity& id : targets) {
    if (!planned.insert(id.pid).second) continue;
    Target target;
    target.process.pid = id.pid;
    target.process.start_token = id.start_token;
    auto it = by_pid.find(id.pid);
    if (id.pid <= 0) {
      target.verdict = CheckKillable(target.process, plan.guard);
    } else if (it != by_pid.end()) {
      if (it->second->start_token != id.start_token) {
        target.verdict = StaleIdentity(id, *it->second);
      } else {
        target.process = *it->second;
        target.verdict = CheckKillable(target.process, plan.guard);
      }
    } else {
      // Not listed: exited, or started after the listing. Ask once more.
      absl::StatusOr<ProcessInfo> info = backend.processes().GetProcess(id.pid);
      if (absl::IsNotFound(info.status())) {
        target.gone = true;
      } else if (info.ok() && info->start_token != id.start_token) {
        target.verdict = StaleIdentity(id, *info);
      } else {
        // Unreadable details keep only the identity; the guard then treats
        // the owner as unknown, and Signal still verifies the identity.
        if (info.ok()) target.process = *info;
        target.verdict = CheckKillable(target.process, plan.guard);
      }
    }
    plan.targets.push_back(std::move(target));
  }

  // Descendants of every target that will be signalled, breadth first.
  const size_t roots = plan.targets.size();
  for (size_t r = 0; r < roots; ++r) {
    if (!plan.targets[r].will_signal()) continue;
    std::deque<Pid> queue = {plan.targets[r].process.pid};
    while (!queue.empty()) {
      const Pid parent = queue.front();
      queue.pop_front();
      auto kids = children.find(parent);
      if (kids == children.end()) continue;
      for (const ProcessInfo* child : kids->second) {
        if (!planned.insert(child->pid).second) continue;
        queue.push_back(child->pid);
        if (!policy.tree) {
          plan.untouched_descendants.push_back(*child);
          continue;
        }
        Target target;
        target.process = *child;
        target.descendant = true;
        target.verdict = CheckKillable(target.process, plan.guard);
        plan.targets.push_back(std::move(target));
      }
    }
  }
  OrderChildrenFirst(plan.targets);
  return plan;
}

}  // namespace pm
