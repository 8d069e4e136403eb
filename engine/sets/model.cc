#include "model.h"

#include <algorithm>

namespace jixiao {

namespace {

const Node* find_in(const std::vector<Node>& nodes, const std::string& id) {
  for (const Node& n : nodes) {
    if (n.id == id) return &n;
    if (const Node* found = find_in(n.children, id)) return found;
  }
  return nullptr;
}

void collect(const Node& node, std::vector<const Node*>& ancestors, const std::string& prefix,
             std::vector<IndicatorSet::LeafRef>& out) {
  const std::string path = prefix.empty() ? node.name : prefix + " › " + node.name;
  if (node.is_leaf()) {
    out.push_back({&node, path, ancestors});
    return;
  }
  ancestors.push_back(&node);
  for (const Node& child : node.children) collect(child, ancestors, path, out);
  ancestors.pop_back();
}

void visit(const Node& node, const Node* parent, int depth, const std::string& prefix,
           std::vector<IndicatorSet::NodeRef>& out) {
  const std::string path = prefix.empty() ? node.name : prefix + " › " + node.name;
  out.push_back({&node, parent, depth, path});
  for (const Node& child : node.children) visit(child, &node, depth + 1, path, out);
}

}  // namespace

std::vector<IndicatorSet::NodeRef> IndicatorSet::nodes() const {
  std::vector<NodeRef> out;
  for (const Node& root : roots) visit(root, nullptr, 0, "", out);
  return out;
}

int IndicatorSet::depth() const {
  int deepest = 0;
  for (const auto& ref : nodes()) deepest = std::max(deepest, ref.depth + 1);
  return deepest;
}

const Node* IndicatorSet::find(const std::string& node_id) const { return find_in(roots, node_id); }

std::vector<IndicatorSet::LeafRef> IndicatorSet::leaves() const {
  std::vector<LeafRef> out;
  std::vector<const Node*> ancestors;
  for (const Node& root : roots) collect(root, ancestors, "", out);
  return out;
}

std::optional<Decimal> IndicatorSet::self_score_max() const {
  Decimal max = total;
  for (const auto& leaf : leaves()) {
    if (leaf.node->self_scored) continue;
    if (!leaf.node->weight) return std::nullopt;
    max = max - *leaf.node->weight;
  }
  return max;
}

std::vector<std::string> Node::unknowns() const {
  std::vector<std::string> out;
  if (!weight) out.push_back("分值（未公布）");
  if (rule_unknown) out.push_back("计分标准（未公布）");
  if (script_unknown) out.push_back("评分脚本（未选定）");
  return out;
}

std::vector<IndicatorSet::NodeRef> IndicatorSet::unknown_nodes() const {
  std::vector<NodeRef> out;
  for (const auto& ref : nodes())
    if (!ref.node->unknowns().empty()) out.push_back(ref);
  return out;
}

}  // namespace jixiao
