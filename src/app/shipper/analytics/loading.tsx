import { AnalyticsSkeleton } from "~/components/analytics/analytics-skeleton";

export default function Loading() {
  return <AnalyticsSkeleton title="Analytics" />;
}
