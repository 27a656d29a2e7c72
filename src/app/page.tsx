import Link from "next/link";

export default function HomePage() {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-3xl flex-col justify-center gap-8 px-6 py-16">
      <div className="space-y-4">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-600">Trial Transport</p>
        <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">Freight that moves, and you can see it move.</h1>
        <p className="text-lg text-slate-600">
          Shippers post loads and follow them live. Drivers pick loads that fit their truck and get paid every week.
        </p>
      </div>
      <div className="flex flex-wrap gap-3">
        <Link
          href="/register"
          className="rounded-lg bg-brand-600 px-5 py-3 font-semibold text-white hover:bg-brand-700"
        >
          Create account
        </Link>
        <Link
          href="/sign-in"
          className="rounded-lg border border-slate-300 bg-white px-5 py-3 font-semibold hover:bg-slate-100"
        >
          Sign in
        </Link>
      </div>
    </main>
  );
}
