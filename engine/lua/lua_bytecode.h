// Reads Lua 5.4 binary chunks (what lua_dump writes) far enough to tell which
// upvalues a function assigns: the sandbox refuses a function that assigns a
// variable living on from one run to the next. Pure C++: no Lua state needed.
#pragma once

#include <string>
#include <vector>

namespace jixiao::bytecode {

// One function prototype of a chunk, with what the upvalue check needs.
struct Proto {
  std::string source;  // "@scripts/x.lua"; inherited from the enclosing function when the dump omits it
  int line_defined = 0;
  std::vector<unsigned> code;  // instructions
  std::vector<int> lines;      // the source line of each instruction (empty when stripped)
  struct Upvalue {
    bool in_stack = false;  // a local (register) of the enclosing function; else the enclosing function's upvalue
    int index = 0;          // the register or the enclosing upvalue
    std::string name;       // empty when stripped
  };
  std::vector<Upvalue> upvalues;
  std::vector<Proto> protos;  // nested functions
};

// Parses a chunk written by lua_dump of Lua 5.4 (format 0, 4-byte
// instructions, 8-byte integers and floats). Throws std::runtime_error for
// anything else or a truncated chunk.
Proto parse(const std::string& dump);

// An assignment (OP_SETUPVAL) to one of the root function's upvalues, made by
// the function itself or by a function nested in it (through the chain of
// enclosing functions).
struct UpvalueWrite {
  int upvalue = 0;     // index among the root's upvalues
  std::string name;    // the variable's name
  std::string source;  // where the assignment is, as in Proto::source
  int line = 0;
};

// Every assignment to an upvalue of `root`, in code order (the root's own
// first, then nested functions'). Assignments to locals of `root` or of
// functions nested in it are not listed: they are made afresh by each call.
std::vector<UpvalueWrite> upvalue_writes(const Proto& root);

}  // namespace jixiao::bytecode
