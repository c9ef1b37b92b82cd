"""Export the model's graph: GraphML, GEXF, DOT, Mermaid, node-link JSON, CSV and Parquet tables.

One module per format, as in :mod:`networkx.readwrite`:
:mod:`~partygraph.export.graphml`, :mod:`~partygraph.export.gexf`,
:mod:`~partygraph.export.dot`, :mod:`~partygraph.export.mermaid`,
:mod:`~partygraph.export.json`, :mod:`~partygraph.export.csv` and
:mod:`~partygraph.export.parquet`; what they share is in
:mod:`partygraph.export._common`, the Chinese labels of kinds and relations in
:mod:`partygraph.export.labels`, and the table of formats in
:mod:`partygraph.export.formats`.  The package re-exports every public name.

Every format comes as a pair, networkx style: ``generate_<format>(source)``
returns an iterator over the lines of the file's text (without line ends) and
``write_<format>(source, path)`` writes them, each followed by ``\\n``, as
UTF-8 (Parquet, a binary format, has :func:`parquet_tables` instead).
``source`` is a :class:`~partygraph.model.Model` (built into a graph with
``population=``, see :func:`graph_of`) or any networkx graph, such as a
layer view from :func:`partygraph.graph.layer`.  Every ``write_*`` goes through
a temporary file beside the output: an error leaves no output file behind, and
an existing one untouched.

Attributes are converted the same way for every flat format (GraphML, GEXF,
CSV, DOT): str, int, float and bool stay typed; a tuple (or list) becomes its
items joined by ``;`` (:func:`join_list`, undone by :func:`split_list`); an
empty tuple and ``None`` are left out; an attribute whose values have more than
one type is written as text.  JSON keeps tuples as arrays.  See
``docs/export.md``.

Names are user data, and every format keeps them text ("How names are
escaped" in ``docs/export.md``): CSV puts a ``'`` before a text cell that a
spreadsheet would run as a formula (:func:`restore_formula` takes it off);
Mermaid writes the characters of its syntax as entity codes, so that a name
cannot add a directive; DOT, Mermaid and the XML formats never write a control
character; JSON writes NaN as ``null``, the flat formats leave it out (with a
warning).

Examples
--------
>>> from partygraph import Division, Model
>>> m = Model(name="示例市", divisions=[Division(id="c", name="示例市", level="city"),
...     Division(id="k", name="示例区", level="county", parent="c")])
>>> for line in generate_mermaid(m):
...     print(line)
flowchart TD
    n_c["示例市"]
    n_k["示例区"]
    n_c -->|"包含"| n_k
"""

from partygraph.export._common import LIST_SEPARATOR, graph_of, join_list, split_list
from partygraph.export.csv import CSV_COLUMNS, csv_paths, generate_csv, write_csv
from partygraph.export.dot import generate_dot, write_dot
from partygraph.export.formats import FORMATS, Format
from partygraph.export.geojson import generate_geojson, geojson_document, write_geojson
from partygraph.export.gexf import generate_gexf, write_gexf
from partygraph.export.graphml import generate_graphml, write_graphml
from partygraph.export.json import generate_json, write_json
from partygraph.export.labels import edge_labels, node_labels
from partygraph.export.mermaid import generate_mermaid, mermaid_ids, write_mermaid
from partygraph.export.parquet import PARQUET_COLUMNS, parquet_paths, parquet_tables, write_parquet
from partygraph.safe_text import restore_formula

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "LIST_SEPARATOR",
    "PARQUET_COLUMNS",
    "Format",
    "csv_paths",
    "edge_labels",
    "generate_csv",
    "generate_dot",
    "generate_geojson",
    "generate_gexf",
    "generate_graphml",
    "generate_json",
    "generate_mermaid",
    "geojson_document",
    "graph_of",
    "join_list",
    "mermaid_ids",
    "node_labels",
    "parquet_paths",
    "parquet_tables",
    "restore_formula",
    "split_list",
    "write_csv",
    "write_dot",
    "write_geojson",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_mermaid",
    "write_parquet",
]
