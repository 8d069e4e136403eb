#include "lua_bytecode.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace jixiao::bytecode {

namespace {

// Opcode numbers of Lua 5.4 (lopcodes.h, the OpCode enum's order). Debian's
// 5.4.4 source is not at hand offline; they were read off `luac5.4 -l -l`
// of `local n = 0 return function() n = n + 1 end` and the bytes luac5.4
// wrote for it: GETUPVAL is 9 (word 0x00000009), SETUPVAL 10 (0x0000000a),
// as in the enum (MOVE, LOADI, LOADF, LOADK, LOADKX, LOADFALSE, LFALSESKIP,
// LOADTRUE, LOADNIL, GETUPVAL, SETUPVAL, ...). lua_bytecode_test.cc checks
// them against the Lua the engine links. The opcode is the low 7 bits of an
// instruction, A the next 8, k 1, B the 8 after (OP_SETUPVAL A B:
// UpValue[B] := R[A]). An OP_EXTRAARG word carries its own opcode (82), so
// scanning every word is safe.
constexpr unsigned kOpSetUpval = 10;
constexpr int kAbsLineInfo = -0x80;  // lineinfo entry that says "see abslineinfo"

// Constant tags (lobject.h: makevariant(type, variant)).
constexpr int kNil = 0x00, kFalse = 0x01, kTrue = 0x11, kInt = 0x03, kFloat = 0x13, kShortStr = 0x04,
              kLongStr = 0x14;

class Reader {
 public:
  explicit Reader(const std::string& bytes) : bytes_(bytes) {}

  unsigned char byte() {
    need(1);
    return static_cast<unsigned char>(bytes_[pos_++]);
  }
  // ldump.c's dumpSize: 7 bits a byte, most significant first, the last byte marked with 0x80.
  size_t size() {
    size_t x = 0;
    for (;;) {
      const unsigned char b = byte();
      if (x > (SIZE_MAX >> 7)) throw std::runtime_error("bytecode: size overflows");
      x = (x << 7) | (b & 0x7f);
      if (b & 0x80) return x;
    }
  }
  int integer() {
    const size_t x = size();
    if (x > 0x7fffffff) throw std::runtime_error("bytecode: integer out of range");
    return static_cast<int>(x);
  }
  std::string string() {  // dumpString: size+1, then the bytes; 0 for NULL
    const size_t n = size();
    if (n == 0) return {};
    need(n - 1);
    std::string s = bytes_.substr(pos_, n - 1);
    pos_ += n - 1;
    return s;
  }
  void skip(size_t n) {
    need(n);
    pos_ += n;
  }
  void expect(const char* what, size_t n) {
    need(n);
    if (std::memcmp(bytes_.data() + pos_, what, n) != 0) throw std::runtime_error("bytecode: not a Lua 5.4 chunk");
    pos_ += n;
  }
  unsigned word() {
    need(4);
    uint32_t w;
    std::memcpy(&w, bytes_.data() + pos_, 4);  // native byte order, as lua_dump writes it
    pos_ += 4;
    return w;
  }

 private:
  void need(size_t n) const {
    if (bytes_.size() - pos_ < n) throw std::runtime_error("bytecode: truncated chunk");
  }
  const std::string& bytes_;
  size_t pos_ = 0;
};

// ldump.c's dumpFunction, field by field.
Proto read_function(Reader& in, const std::string& parent_source) {
  Proto p;
  p.source = in.string();
  if (p.source.empty()) p.source = parent_source;
  p.line_defined = in.integer();
  in.integer();  // lastlinedefined
  in.skip(3);    // numparams, is_vararg, maxstacksize
  p.code.resize(in.integer());
  for (auto& w : p.code) w = in.word();
  const int constants = in.integer();
  for (int i = 0; i < constants; ++i) {
    switch (in.byte()) {
      case kNil: case kFalse: case kTrue: break;
      case kInt: case kFloat: in.skip(8); break;
      case kShortStr: case kLongStr: in.string(); break;
      default: throw std::runtime_error("bytecode: unknown constant");
    }
  }
  p.upvalues.resize(in.integer());
  for (auto& u : p.upvalues) {
    u.in_stack = in.byte() != 0;
    u.index = in.byte();
    in.byte();  // kind
  }
  p.protos.resize(in.integer());
  for (auto& nested : p.protos) nested = read_function(in, p.source);
  // Debug information: relative line deltas, absolute lines now and then.
  std::vector<int> deltas(in.integer());
  for (auto& d : deltas) d = static_cast<signed char>(in.byte());
  std::vector<std::pair<int, int>> absolute(in.integer());
  for (auto& [pc, line] : absolute) {
    pc = in.integer();
    line = in.integer();
  }
  int line = p.line_defined;
  for (size_t pc = 0; pc < deltas.size(); ++pc) {
    if (deltas[pc] != kAbsLineInfo) {
      line += deltas[pc];
    } else {
      for (const auto& [at, abs_line] : absolute)
        if (at == static_cast<int>(pc)) line = abs_line;
    }
    p.lines.push_back(line);
  }
  const int locals = in.integer();
  for (int i = 0; i < locals; ++i) {
    in.string();
    in.integer();
    in.integer();
  }
  const int names = in.integer();
  for (int i = 0; i < names; ++i) {
    std::string name = in.string();
    if (i < static_cast<int>(p.upvalues.size())) p.upvalues[i].name = std::move(name);
  }
  return p;
}

// Writes to `p`'s upvalues by p or its nested functions.
void collect(const Proto& p, std::vector<UpvalueWrite>& out) {
  for (size_t pc = 0; pc < p.code.size(); ++pc) {
    const unsigned w = p.code[pc];
    if ((w & 0x7f) != kOpSetUpval) continue;
    const int b = static_cast<int>((w >> 16) & 0xff);
    if (b >= static_cast<int>(p.upvalues.size())) throw std::runtime_error("bytecode: upvalue out of range");
    out.push_back({b, p.upvalues[b].name, p.source, pc < p.lines.size() ? p.lines[pc] : 0});
  }
  for (const Proto& nested : p.protos) {
    std::vector<UpvalueWrite> inner;
    collect(nested, inner);
    for (UpvalueWrite& w : inner) {
      const Proto::Upvalue& u = nested.upvalues.at(w.upvalue);
      if (u.in_stack) continue;  // a local of p: made afresh by each call of p
      if (u.index >= static_cast<int>(p.upvalues.size())) throw std::runtime_error("bytecode: upvalue out of range");
      w.upvalue = u.index;
      out.push_back(std::move(w));
    }
  }
}

}  // namespace

Proto parse(const std::string& dump) {
  Reader in(dump);
  in.expect("\x1bLua", 4);
  in.expect("\x54\x00", 2);                  // version 5.4, official format
  in.expect("\x19\x93\r\n\x1a\n", 6);        // LUAC_DATA
  in.expect("\x04\x08\x08", 3);              // sizes of Instruction, lua_Integer, lua_Number
  in.skip(16);                               // LUAC_INT and LUAC_NUM, checked by Lua when it loads
  in.byte();                                 // the main function's number of upvalues
  return read_function(in, "");
}

std::vector<UpvalueWrite> upvalue_writes(const Proto& root) {
  std::vector<UpvalueWrite> out;
  collect(root, out);
  return out;
}

}  // namespace jixiao::bytecode
