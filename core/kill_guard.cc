// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The kill guard's rules and the caller's ancestor chain.

#include "core/kill_guard.h"

#include <algorithm>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace pm {
namespace {

// Who owns `p`: "alice (uid 1000)", "uid 1000", "alice", or "an unknown user".
std::string Owner(const std::optional<Uid>& uid, const std::string& user) {
  if (uid.has_value()) {
    if (user.empty() || user == absl::StrCat(*uid)) {
      return absl::StrCat("uid ", *uid);
    }
    return absl::StrCat(user, " (uid ", *uid, ")");
  }
  return user.empty() ? "an unknown user" : user;
}

// Whether `target` belongs to the caller's user. Unknown owners do not.
bool SameUser(const ProcessInfo& target, const CallerInfo& caller) {
  if (caller.uid.has_value() && target.uid.has_value()) {
    return *caller.uid == *target.uid;
  }
  // Where the OS has no uids (Windows), compare user names.
  if (!caller.uid.has_value() && !target.uid.has_value()) {
    return !caller.user.empty() && caller.user == target.user;
  }
  return false;
}

GuardVerdict Refuse(Refusal refusal, std::string message) {
  GuardVerdict verdict;
  verdict.refusal = refusal;
  verdict.status = refusal == Refusal::kInvalidPid
                       ? absl::InvalidArgumentError(std::move(message))
                       : absl::PermissionDeniedError(std::move(message));
  return verdict;
}

}  // namespace

absl::string_view RefusalName(Refusal refusal) {
  switch (refusal) {
    case Refusal::kNone:
      return "";
    case Refusal::kInvalidPid:
      return "invalid_pid";
    case Refusal::kInit:
      return "init";
    case Refusal::kSelf:
      return "self";
    case Refusal::kAncestor:
      return "ancestor";
    case Refusal::kKernelThread:
      return "kernel_thread";
    case Refusal::kOtherUser:
      return "other_user";
    case Refusal::kStaleIdentity:
      return "stale_identity";
    case Refusal::kOsDenied:
      return "os_denied";
  }
  return "";
}

std::string DescribeProcess(const ProcessInfo& process) {
  if (process.name.empty()) return absl::StrCat("pid ", process.pid);
  return absl::StrCat("pid ", process.pid, " (", process.name, ")");
}

absl::StatusOr<GuardContext> MakeGuardContext(Backend& backend,
                                              bool allow_other_users) {
  absl::StatusOr<CallerInfo> caller = backend.Caller();
  if (!caller.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot tell which process is asking, so no process may "
                     "be signalled: ",
                     caller.status().message()));
  }
  GuardContext context;
  context.caller = *caller;
  context.allow_other_users = allow_other_users;
  absl::flat_hash_set<Pid> seen = {caller->pid};
  Pid pid = caller->pid;
  while (true) {
    absl::StatusOr<ProcessInfo> info = backend.processes().GetProcess(pid);
    // Why: an unreadable link ends the chain; the rules still protect PID 1,
    // and a parent that cannot be read cannot be listed as a target either.
    if (!info.ok() || info->ppid <= 0 || !seen.insert(info->ppid).second) {
      break;
    }
    context.ancestors.push_back(info->ppid);
    pid = info->ppid;
  }
  return context;
}

GuardContext MakeGuardContextFromTable(const CallerInfo& caller,
                                       const std::vector<ProcessInfo>& table,
                                       bool allow_other_users) {
  GuardContext context;
  context.caller = caller;
  context.allow_other_users = allow_other_users;
  absl::flat_hash_set<Pid> seen = {caller.pid};
  Pid pid = caller.pid;
  while (true) {
    auto it = std::lower_bound(
        table.begin(), table.end(), pid,
        [](const ProcessInfo& p, Pid value) { return p.pid < value; });
    if (it == table.end() || it->pid != pid || it->ppid <= 0 ||
        !seen.insert(it->ppid).second) {
      break;
    }
    context.ancestors.push_back(it->ppid);
    pid = it->ppid;
  }
  return context;
}

GuardVerdict CheckKillable(const ProcessInfo& target,
                           const GuardContext& context) {
  const std::string who = DescribeProcess(target);
  if (target.pid <= 0) {
    return Refuse(
        Refusal::kInvalidPid,
        absl::StrCat("pid ", target.pid,
                     " names no single process (0 is the caller's process "
                     "group, negative PIDs name groups or every process); "
                     "nothing was sent"));
  }
  if (target.pid == 1) {
    return Refuse(Refusal::kInit,
                  absl::StrCat(who,
                               " is the init process; pm never signals it; "
                               "nothing was sent"));
  }
  if (target.pid == context.caller.pid) {
    return Refuse(Refusal::kSelf,
                  absl::StrCat(who, " is pm itself; nothing was sent"));
  }
  if (std::find(context.ancestors.begin(), context.ancestors.end(),
                target.pid) != context.ancestors.end()) {
    return Refuse(Refusal::kAncestor,
                  absl::StrCat(who,
                               " is an ancestor of pm (the shell or program "
                               "that runs it); nothing was sent"));
  }
  if (target.kernel_thread) {
    return Refuse(Refusal::kKernelThread,
                  absl::StrCat(who, " is a kernel thread; nothing was sent"));
  }
  if (!context.allow_other_users && !SameUser(target, context.caller)) {
    return Refuse(
        Refusal::kOtherUser,
        absl::StrCat(who, " belongs to ", Owner(target.uid, target.user),
                     ", not to ",
                     Owner(context.caller.uid, context.caller.user),
                     "; signalling another user's process needs explicit "
                     "consent; nothing was sent"));
  }
  return GuardVerdict{};
}

}  // namespace pm
