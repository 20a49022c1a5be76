/**
 * The Glue job's script, run with this machine's python3 (no Glue, no Spark): it compiles, it imports without awsglue
 * (Glue and Spark are imported inside main only), its pure transformation reduces sample events as the job would, in
 * any order (Spark's reduceByKey may merge in any order), and it reads exactly the arguments the component passes.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ETL_JOB_ARGUMENTS } from "../../components/integration/data-lake-etl";

const SCRIPT = path.resolve(__dirname, "orders_to_parquet.py");

/** Run python code with the script imported as `job`; stdin is JSON given to it as `data`; returns its JSON output. */
function python(code: string, data: unknown = null): any {
    const prelude = [
        "import importlib.util, json, sys",
        `spec = importlib.util.spec_from_file_location("job", ${JSON.stringify(SCRIPT)})`,
        "job = importlib.util.module_from_spec(spec); spec.loader.exec_module(job)",
        "data = json.load(sys.stdin)",
        "def out(v): print(json.dumps(v, default=str))",
    ].join("\n");
    const run = spawnSync("python3", ["-B", "-c", `${prelude}\n${code}`], { input: JSON.stringify(data), encoding: "utf8" });
    expect(run.status, run.stderr).to.equal(0);
    return JSON.parse(run.stdout);
}

const rows = (events: unknown[]) => python("out(job.latest_per_order(data))", events);

const E = {
    created: { orderId: "o-1", status: "created", at: "2026-11-30T09:00:00Z", total: 42.5, items: 3 },
    paid: { orderId: "o-1", status: "paid", at: "2026-11-30T09:05:00.123Z" },
    shipped: { orderId: "o-1", status: "shipped", at: "2026-12-01T08:00:00+01:00" },
    other: { orderId: "o-2", status: "created", at: "2026-11-30T23:30:00-02:00", total: "19.99", items: 1 },
};

describe("apps/analytics/orders_to_parquet.py", function () {
    this.timeout(30000);

    it("compiles (py_compile, to a temporary file)", () => {
        const cfile = path.join(os.tmpdir(), `orders_to_parquet-${process.pid}.pyc`);
        const run = spawnSync("python3", ["-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)", SCRIPT, cfile], { encoding: "utf8" });
        fs.rmSync(cfile, { force: true });
        expect(run.status, run.stderr).to.equal(0);
    });

    it("imports without awsglue or pyspark, and reads exactly the arguments the component passes (and JOB_NAME)", () => {
        const loaded = python("out({'glue': 'awsglue' in sys.modules, 'spark': 'pyspark' in sys.modules, 'args': job.ARGUMENTS})");
        expect(loaded).to.deep.equal({ glue: false, spark: false, args: ["JOB_NAME", ...ETL_JOB_ARGUMENTS] });
    });

    it("keeps one row per order: its latest status, the creation facts, dt the UTC day of the latest status", () => {
        expect(rows([E.created, E.paid, E.shipped, E.other])).to.deep.equal([
            ["o-1", "shipped", "2026-12-01 07:00:00+00:00", "2026-11-30 09:00:00+00:00", "42.50", 3, "2026-12-01"],
            ["o-2", "created", "2026-12-01 01:30:00+00:00", "2026-12-01 01:30:00+00:00", "19.99", 1, "2026-12-01"],
        ]);
    });

    it("gives the same rows whatever order the events come in (merge is associative and commutative)", () => {
        const events = [E.created, E.paid, E.shipped, E.other, E.paid];
        const expected = rows(events);
        const distinct = python("import itertools\n"
            + "out(sorted({json.dumps(job.latest_per_order(list(p)), default=str) for p in itertools.permutations(data)}))", events);
        expect(distinct).to.have.length(1);
        expect(JSON.parse(distinct[0])).to.deep.equal(expected);
    });

    it("breaks a tie in time by the lifecycle (cancelled after paid), and without a created event leaves the creation facts empty", () => {
        const at = "2026-11-30T10:00:00Z";
        expect(rows([{ orderId: "o-3", status: "cancelled", at }, { orderId: "o-3", status: "paid", at }])).to.deep.equal([
            ["o-3", "cancelled", "2026-11-30 10:00:00+00:00", null, null, null, "2026-11-30"],
        ]);
    });

    it("drops records that are not order-status events instead of guessing", () => {
        expect(rows([
            { orderId: "o-4", status: "refunded", at: "2026-11-30T10:00:00Z" },
            { status: "paid", at: "2026-11-30T10:00:00Z" },
            { orderId: "o-5", status: "paid", at: "yesterday" },
            { orderId: "", status: "paid", at: "2026-11-30T10:00:00Z" },
            "not an object",
            { orderId: "o-6", status: "created", at: "2026-11-30T10:00:00", total: true, items: "3" },
        ])).to.deep.equal([
            ["o-6", "created", "2026-11-30 10:00:00+00:00", "2026-11-30 10:00:00+00:00", null, null, "2026-11-30"],
        ]);
    });
});
