import Link from "next/link";
import type { ReactNode } from "react";

import { TRPCReactProvider } from "~/trpc/react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center px-4 py-8 sm:justify-center sm:py-16">
      <Link href="/" className="mb-6 font-bold text-brand-700">
        Trial Transport
      </Link>
      <main id="main" className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </main>
    </div>
  );
}
