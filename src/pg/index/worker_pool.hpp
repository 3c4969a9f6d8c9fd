// Threads of the backend that run pure core code in parallel with the main
// thread during an index build (see build_support.hpp for the rules: only
// the main thread calls PostgreSQL; the threads start with every signal
// blocked).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "pg/index/build_support.hpp"

namespace pgvec::pg {

class WorkerPool {
 public:
  // `threads` beside the caller's (0: everything runs on the caller).
  explicit WorkerPool(int threads) {
    try {
      WithSignalsBlocked([&] {
        for (int i = 0; i < threads; ++i) threads_.emplace_back([this, i] { Work(i + 1); });
      });
    } catch (...) {
      Shutdown();
      throw;
    }
  }
  ~WorkerPool() { Shutdown(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int threads() const noexcept { return static_cast<int>(threads_.size()); }

  // Calls fn(begin, end, worker) over [0, count) in chunks of `grain`, on
  // the workers (worker 1..threads()) and the caller (worker 0); returns
  // when every chunk is done and rethrows the first exception any chunk
  // threw. fn must not call PostgreSQL.
  void ParallelFor(std::size_t count, std::size_t grain,
                   const std::function<void(std::size_t, std::size_t, int)>& fn) {
    if (grain == 0) grain = 1;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &fn;
      count_ = count;
      grain_ = grain;
      next_.store(0, std::memory_order_relaxed);
      busy_ = static_cast<int>(threads_.size());
      failure_ = nullptr;
      ++generation_;
    }
    wake_.notify_all();
    RunChunks(0);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return busy_ == 0; });
    job_ = nullptr;
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  void RunChunks(int worker) {
    for (;;) {
      const std::size_t begin = next_.fetch_add(grain_, std::memory_order_relaxed);
      if (begin >= count_) return;
      const std::size_t end = begin + grain_ < count_ ? begin + grain_ : count_;
      try {
        (*job_)(begin, end, worker);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!failure_) failure_ = std::current_exception();
        next_.store(count_, std::memory_order_relaxed);
        return;
      }
    }
  }

  void Work(int worker) {
    std::uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
      }
      RunChunks(worker);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        --busy_;
      }
      done_.notify_one();
    }
  }

  void Shutdown() noexcept {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
    threads_.clear();
  }

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(std::size_t, std::size_t, int)>* job_ = nullptr;
  std::size_t count_ = 0;
  std::size_t grain_ = 1;
  std::atomic<std::size_t> next_{0};
  int busy_ = 0;
  std::uint64_t generation_ = 0;
  bool stop_ = false;
  std::exception_ptr failure_;
};

}  // namespace pgvec::pg
