// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Names of termination signals.

#include "core/process_terminator.h"

namespace pm {

absl::string_view TerminationSignalName(TerminationSignal signal) {
  switch (signal) {
    case TerminationSignal::kTerminate:
      return "TERM";
    case TerminationSignal::kKill:
      return "KILL";
    case TerminationSignal::kInterrupt:
      return "INT";
    case TerminationSignal::kHangup:
      return "HUP";
  }
  return "?";
}

}  // namespace pm
