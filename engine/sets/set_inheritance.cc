#include "set_inheritance.h"

#include <vector>

#include "doc_cache.h"
#include "error.h"
#include "files.h"
#include "suggest.h"

namespace jixiao {

namespace {

const std::vector<std::string> kOverridable = {"name", "weight",  "explanation", "rule",        "script",
                                               "params", "facts", "rows",        "self_scored", "examples"};

Doc* find_node(std::vector<Doc>& nodes, const std::string& id) {
  for (Doc& n : nodes) {
    const Doc* node_id = n.find("id");
    if (node_id != nullptr && node_id->scalar == id) return &n;
    if (Doc* children = n.find("children"))
      if (Doc* found = find_node(children->items, id)) return found;
  }
  return nullptr;
}

bool erase_node(std::vector<Doc>& nodes, const std::string& id) {
  for (auto it = nodes.begin(); it != nodes.end(); ++it) {
    const Doc* node_id = it->find("id");
    if (node_id != nullptr && node_id->scalar == id) {
      nodes.erase(it);
      return true;
    }
    if (Doc* children = it->find("children"))
      if (erase_node(children->items, id)) return true;
  }
  return false;
}

void collect_ids(const std::vector<Doc>& nodes, std::vector<std::string>& out) {
  for (const Doc& n : nodes) {
    if (const Doc* id = n.find("id")) out.push_back(id->scalar);
    if (const Doc* children = n.find("children")) collect_ids(children->items, out);
  }
}

// Sets `key` of a mapping, replacing an existing value in place.
void put(Doc& map, const std::string& key, Doc value) {
  for (auto& [k, v] : map.map)
    if (k == key) {
      v = std::move(value);
      return;
    }
  map.map.emplace_back(key, std::move(value));
}

// `+KEY: [items]` in a variant: the items appended to the base's list KEY,
// so that adding to a list does not mean restating it.
void append_to(Doc& map, const std::string& plus_key, const Doc& value) {
  const std::string key = plus_key.substr(1);
  Doc* existing = map.find(key);
  if (existing == nullptr || existing->kind != Doc::Kind::kSequence)
    value.fail(plus_key + " appends to the base's list '" + key + "', but the base has " +
               (existing == nullptr ? "no '" + key + "'" : "no list there"));
  if (value.kind != Doc::Kind::kSequence) value.fail(plus_key + ": expected a list of items to append");
  existing->items.insert(existing->items.end(), value.items.begin(), value.items.end());
}

bool is_append(const std::string& key) { return key.size() > 1 && key[0] == '+'; }

// A top-level key of a variant: mappings merge key by key (so a project set's
// `budget: {weight: 20}` keeps the base's script and rule), `+KEY` appends to
// a list, anything else replaces.
void merge_into(Doc& map, const std::string& key, const Doc& value) {
  if (is_append(key)) {
    append_to(map, key, value);
    return;
  }
  Doc* existing = map.find(key);
  if (existing == nullptr || existing->kind != Doc::Kind::kMap || value.kind != Doc::Kind::kMap) {
    put(map, key, value);
    return;
  }
  for (const auto& [k, v] : value.map) merge_into(*existing, k, v);
}

class Resolver {
 public:
  explicit Resolver(const SetFinder& find) : find_(find) {}

  Doc resolve(const Doc& root) {
    std::vector<Doc> chain = extends_chain(root, find_);
    Doc merged = std::move(chain.back());  // the last base: the loop reads the others only
    for (size_t i = chain.size() - 1; i-- > 0;) {
      apply(chain[i], merged);
      merged.where = chain[i].where;  // the set is the variant's: its file is the one named in messages and JSON
    }
    return merged;
  }

 private:
  // Applies one variant's changes to its resolved base.
  static void apply(const Doc& root, Doc& merged) {
    for (const auto& [key, value] : root.map) {
      if (key == "extends" || key == "overrides" || key == "remove" || key == "add") continue;
      merge_into(merged, key, value);
    }
    if (root.find("remove") || root.find("overrides") || root.find("add")) {
      merged.required("indicators");
      Doc& indicators = *merged.find("indicators");
      if (const Doc* remove = root.find("remove")) apply_remove(*remove, indicators);
      if (const Doc* overrides = root.find("overrides")) apply_overrides(*overrides, indicators);
      if (const Doc* add = root.find("add")) apply_add(*add, indicators);
    }
  }

  [[noreturn]] static void unknown_node(const Doc& at, const std::string& id, const Doc& indicators,
                                        const std::string& what) {
    std::vector<std::string> ids;
    collect_ids(indicators.items, ids);
    at.fail(what + ": the base has no node '" + id + "'" + did_you_mean(id, ids));
  }

  static void apply_remove(const Doc& remove, Doc& indicators) {
    if (remove.kind != Doc::Kind::kSequence) remove.fail("remove: expected a list of node ids");
    for (const Doc& item : remove.items) {
      const std::string id = item.text("remove");
      if (!erase_node(indicators.items, id)) unknown_node(item, id, indicators, "remove");
    }
  }

  static void apply_overrides(const Doc& overrides, Doc& indicators) {
    if (overrides.kind != Doc::Kind::kMap) overrides.fail("overrides: expected a mapping of node id: changes");
    for (const auto& [id, changes] : overrides.map) {
      Doc* node = find_node(indicators.items, id);
      if (node == nullptr) unknown_node(changes, id, indicators, "overrides");
      if (changes.kind != Doc::Kind::kMap) changes.fail("overrides." + id + ": expected a mapping of key: value");
      std::vector<std::string> keys = kOverridable;
      for (const auto& k : kOverridable) keys.push_back("+" + k);
      changes.check_keys(keys);
      // A new script brings its own parameters; otherwise params merge key by
      // key (deeper mappings too), and `+NAME: [...]` appends to a list.
      const bool new_script = changes.find("script") != nullptr;
      for (const auto& [key, value] : changes.map) {
        const Doc* existing = node->find(key);
        if (is_append(key)) {
          append_to(*node, key, value);
        } else if (key == "params" && !new_script && existing != nullptr && existing->kind == Doc::Kind::kMap &&
            value.kind == Doc::Kind::kMap) {
          Doc params = *existing;
          for (const auto& [name, v] : value.map) merge_into(params, name, v);
          put(*node, key, params);
        } else {
          put(*node, key, value);
        }
      }
    }
  }

  static void apply_add(const Doc& add, Doc& indicators) {
    if (add.kind != Doc::Kind::kSequence) add.fail("add: expected a list of {under: parent id, node: {…}}");
    for (const Doc& item : add.items) {
      if (item.kind != Doc::Kind::kMap) item.fail("add: expected {under: parent id, node: {…}}");
      item.check_keys({"under", "node"});
      const Doc& node = item.required("node");
      const Doc* under = item.find("under");
      if (under == nullptr) {
        indicators.items.push_back(node);
        continue;
      }
      const std::string parent_id = under->text("under");
      Doc* parent = find_node(indicators.items, parent_id);
      if (parent == nullptr) unknown_node(*under, parent_id, indicators, "add");
      Doc* children = parent->find("children");
      if (children == nullptr) under->fail("add: '" + parent_id + "' is a leaf; nodes can only be added under a branch");
      children->items.push_back(node);
    }
  }

  const SetFinder& find_;
};

}  // namespace

std::vector<Doc> extends_chain(const Doc& root, const SetFinder& find) {
  std::vector<Doc> chain = {root};
  const Doc* own_id = root.kind == Doc::Kind::kMap ? root.find("id") : nullptr;
  std::vector<std::string> ids = {own_id != nullptr ? own_id->scalar : ""};
  for (;;) {
    const Doc& last = chain.back();
    const Doc* extends = last.kind == Doc::Kind::kMap ? last.find("extends") : nullptr;
    if (extends == nullptr) return chain;
    const std::string base_id = extends->text("extends");
    if (ids.size() > kMaxBases) {  // refused at the set's own extends: it is the set being read
      const std::string limit = std::to_string(kMaxBases);
      chain.front().find("extends")->fail("extends '" + ids[1] + "': " + ids.front() + " rests on more than " + limit +
                                          " sets in a row (" + ids.front() + " → " + ids[1] + " → … → " + ids.back() +
                                          " → " + base_id + "); a set may rest on at most " + limit +
                                          ": extend a set nearer the start of the chain");
    }
    for (const auto& seen : ids)
      if (seen == base_id) {
        std::string names;
        for (const auto& id : ids) names += id + " → ";
        extends->fail("extends '" + base_id + "' makes a cycle: " + names + base_id);
      }
    std::string base_file;
    try {
      base_file = find(base_id);
    } catch (const Error& e) {
      extends->fail("extends: " + e.message());
    }
    Doc base = parse_set_yaml(read_file(base_file), base_file);
    // The file found for an id must be that set: ids are what cycles are told by.
    const Doc* base_own = base.kind == Doc::Kind::kMap ? base.find("id") : nullptr;
    const std::string asked = extends->where.file + ":" + std::to_string(extends->where.line) +
                              " extends it as '" + base_id + "'";
    if (base_own == nullptr) base.fail("this set has no id, but " + asked);
    if (base_own->scalar != base_id)
      base_own->fail("this set's id is '" + base_own->scalar + "', but " + asked +
                     ": a set's file is named after its id");
    ids.push_back(base_id);
    chain.push_back(std::move(base));
  }
}

Doc resolve_extends(Doc root, const SetFinder& find) {
  if (root.kind != Doc::Kind::kMap || root.find("extends") == nullptr) return root;  // as it is, not copied
  return Resolver(find).resolve(root);
}

}  // namespace jixiao
