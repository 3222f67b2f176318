// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm lock status` and `pm lock hold`.

#include "cli/lock_command.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/json_output.h"
#include "core/instance_lock.h"
#include "core/shutdown_handlers.h"
#include "core/shutdown_signals.h"

namespace pm::cli {
namespace {

std::string JsonLine(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

// "pid 4242 (python3) on build-7, started 2026-01-02T03:04:05Z".
std::string HolderText(const LockHolder& holder,
                       const std::optional<ProcessInfo>& process) {
  std::string name = process.has_value() && !process->name.empty()
                         ? absl::StrCat(" (", process->name, ")")
                         : "";
  return absl::StrCat("pid ", holder.pid, name, " on ", holder.host,
                      ", started ", FormatRfc3339(holder.start_time));
}

Json HolderJson(const LockHolder& holder, bool alive,
                const std::optional<ProcessInfo>& process) {
  return Json{
      {"pid", holder.pid},
      {"start_token", holder.start_token},
      {"start_time", FormatRfc3339(holder.start_time)},
      {"host", holder.host},
      {"app", holder.app},
      {"alive", alive},
      {"process", process.has_value() ? ProcessJson(*process) : Json(nullptr)}};
}

int Status(const LockOptions& options, Backend& backend, LocalSystem& system,
           const Output& output) {
  absl::StatusOr<InstanceLockStatus> status = GetInstanceLockStatus(
      system, backend.processes(), options.app, options.state_dir);
  if (!status.ok()) {
    output.err << "pm lock: " << status.status().message() << "\n";
    return kExitFailure;
  }
  const bool held = status->state == LockState::kHeld;
  if (options.json) {
    Json holder = status->holder.has_value()
                      ? HolderJson(*status->holder, held,
                                   held ? status->process : std::nullopt)
                      : Json(nullptr);
    output.out << DumpJson(Json{{"app", options.app},
                                {"lock_file", status->paths.lock_file},
                                {"state", LockStateName(status->state)},
                                {"holder", std::move(holder)}});
  } else if (held) {
    output.out << options.app << ": held by "
               << HolderText(*status->holder, status->process) << "\n";
  } else if (status->state == LockState::kStale) {
    const LockHolder& h = *status->holder;
    output.out << options.app << ": stale: pid " << h.pid << " on " << h.host
               << " (started " << FormatRfc3339(h.start_time)
               << ") no longer runs; the lock is free\n";
  } else {
    output.out << options.app << ": free\n";
  }
  if (!options.json) {
    output.out << "lock file: " << status->paths.lock_file << "\n";
  }
  return held ? kExitOk : kExitNotFound;
}

int Refused(const LockOptions& options, Backend& backend,
            const SingleInstanceResult& result, const Output& output) {
  std::optional<ProcessInfo> process;
  if (result.holder.ok()) {
    absl::StatusOr<ProcessInfo> info =
        backend.processes().GetProcess(result.holder->pid);
    if (info.ok()) process = *info;
  }
  if (options.json) {
    output.out << JsonLine(Json{
        {"event", "refused"},
        {"app", options.app},
        {"holder", result.holder.ok()
                       ? HolderJson(*result.holder, true, process)
                       : Json(nullptr)},
        {"reply", result.reply.ok() ? Json(*result.reply) : Json(nullptr)}});
  } else if (result.holder.ok()) {
    output.out << options.app << ": held by "
               << HolderText(*result.holder, process) << "\n";
  } else {
    output.out << options.app << ": held by another process\n";
  }
  if (!result.holder.ok()) {
    output.err << "pm lock: who holds it is unknown: "
               << result.holder.status().message() << "\n";
  }
  if (result.reply.ok()) {
    if (!options.json) output.out << "reply: " << *result.reply << "\n";
  } else {
    output.err << "pm lock: no reply from the holder: "
               << result.reply.status().message() << "\n";
  }
  return kExitNotFound;
}

// What the lock's listener thread hands to the command's thread.
struct HoldEvents {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<SecondInstanceRequest> arrivals;
  bool stop = false;
};

int Hold(const LockOptions& options, Backend& backend, LocalSystem& system,
         const Output& output) {
  auto events = std::make_shared<HoldEvents>();
  InstanceLockOptions lock_options;
  lock_options.app_name = options.app;
  lock_options.state_dir = options.state_dir;
  const std::string reply = absl::StrCat("pid ", system.CurrentPid(), " holds ",
                                         options.app, " (pm lock hold)");
  lock_options.on_second_instance =
      [events, reply](const SecondInstanceRequest& request) {
        std::lock_guard<std::mutex> lock(events->mu);
        events->arrivals.push_back(request);
        events->cv.notify_all();
        return reply;
      };
  absl::StatusOr<SingleInstanceResult> result = RequestSingleInstanceLock(
      system, backend.processes(), lock_options, options.argv);
  if (!result.ok()) {
    output.err << "pm lock: " << result.status().message() << "\n";
    return kExitFailure;
  }
  if (!result->acquired()) return Refused(options, backend, *result, output);

  ShutdownHandlers handlers;
  absl::Status added = handlers.Add(
      "release the lock",
      [events] {
        std::lock_guard<std::mutex> lock(events->mu);
        events->stop = true;
        events->cv.notify_all();
        return absl::OkStatus();
      },
      absl::Seconds(5));
  ShutdownSignalOptions signal_options;
  // The command's thread releases the lock and returns; nothing to do here.
  signal_options.on_complete = [](int, const absl::Status&) {};
  absl::StatusOr<std::unique_ptr<ShutdownSignalWatch>> watch =
      InstallSignalHandlers(handlers, signal_options);
  if (!added.ok() || !watch.ok()) {
    output.err << "pm lock: " << (added.ok() ? watch.status() : added).message()
               << "\n";
    return kExitFailure;
  }

  const InstanceLock& lock = *result->lock;
  if (options.json) {
    output.out << JsonLine(Json{{"event", "acquired"},
                                {"app", options.app},
                                {"pid", lock.holder().pid},
                                {"lock_file", lock.paths().lock_file}});
  } else {
    output.out << "holding " << options.app << " (pid " << lock.holder().pid
               << "); lock file " << lock.paths().lock_file
               << "; press Ctrl-C to release\n";
  }
  output.out.flush();
  bool stop = false;
  while (!stop) {
    std::deque<SecondInstanceRequest> arrivals;
    {
      std::unique_lock<std::mutex> guard(events->mu);
      events->cv.wait(
          guard, [&] { return events->stop || !events->arrivals.empty(); });
      arrivals.swap(events->arrivals);
      stop = events->stop;
    }
    for (const SecondInstanceRequest& r : arrivals) {
      if (options.json) {
        output.out << JsonLine(Json{{"event", "second_instance"},
                                    {"pid", r.pid},
                                    {"cwd", r.cwd},
                                    {"argv", r.argv}});
      } else {
        output.out << "second instance: pid " << r.pid << ", cwd " << r.cwd
                   << ", argv: " << JoinCmdline(r.argv) << "\n";
      }
    }
    output.out.flush();
  }
  result->lock.reset();
  if (options.json) {
    output.out << JsonLine(Json{{"event", "released"}, {"app", options.app}});
  } else {
    output.out << "released " << options.app << "\n";
  }
  return kExitOk;
}

}  // namespace

CLI::App* AddLockCommand(CLI::App& app, LockOptions* options) {
  CLI::App* lock = app.add_subcommand(
      "lock", "Show or hold an application's single-instance lock");
  lock->require_subcommand(1);
  struct Sub {
    const char* name;
    const char* help;
    LockOptions::Action action;
  };
  for (const Sub& sub :
       {Sub{"status", "Show who holds APP's lock (exit 0 held, 1 not)",
            LockOptions::Action::kStatus},
        Sub{"hold", "Hold APP's lock until interrupted (exit 1 if held)",
            LockOptions::Action::kHold}}) {
    CLI::App* command = lock->add_subcommand(sub.name, sub.help);
    command->add_option("APP", options->app, "Application name")
        ->type_name("")
        ->required();
    command->add_option("--state-dir", options->state_dir,
                        "Lock directory (default: $XDG_RUNTIME_DIR/pm, else "
                        "/tmp/pm-<uid>)");
    command->add_flag("--json", options->json, "Print JSON (see docs/cli.md)");
    LockOptions::Action action = sub.action;
    command->callback([options, action] { options->action = action; });
  }
  lock->footer(
      "Exit status: 0 held (status) or released (hold), 1 not held (status) "
      "or held\nby another process (hold), 2 usage error, 3 the OS could not "
      "be asked.");
  return lock;
}

int RunLock(const LockOptions& options, const BackendFactory& make_backend,
            const LocalSystemFactory& make_local_system, const Output& output) {
  absl::Status name = ValidateAppName(options.app);
  if (!name.ok()) {
    output.err << "pm lock: " << name.message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<std::unique_ptr<LocalSystem>> system = make_local_system();
  if (!system.ok()) {
    output.err << "pm lock: " << system.status().message() << "\n";
    return kExitFailure;
  }
  absl::StatusOr<std::unique_ptr<Backend>> backend = make_backend();
  if (!backend.ok()) {
    output.err << "pm lock: " << backend.status().message() << "\n";
    return kExitFailure;
  }
  if (options.action == LockOptions::Action::kHold) {
    return Hold(options, **backend, **system, output);
  }
  return Status(options, **backend, **system, output);
}

}  // namespace pm::cli
