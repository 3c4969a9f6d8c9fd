#pragma once

#include "pg/prelude.hpp"

extern "C" {
#include "access/genam.h"
#include "nodes/execnodes.h"
}

namespace pgvec::pg::hnsw {

IndexBuildResult* Build(Relation heap, Relation index, IndexInfo* index_info);
void BuildEmpty(Relation index);

}  // namespace pgvec::pg::hnsw
